# repr of strings with quotes and escapes.
samples = [
    "plain",
    "it's",
    'say "hi"',
    "both ' and \"",
    "tab\there",
    "new\nline",
    "carriage\rreturn",
    "back\\slash",
    "bell\x07",
    "null\x00byte",
    "del\x7f",
    "uni é ñ 中",
    "",
    "\x1b[0m",
    "\u200b",
]
for s in samples:
    print(repr(s), len(s))
print(samples)
print(("tuple", "it's"))
print({"k'ey": 'va"l'})
print(str("it's"), "%r" % "x\ty")
print(repr(repr("a")), repr('"'), repr("'"))
print("\\n is a newline", r"raw \n string", r"C:\path\to")
print("\101\102\x43\u0044", "\N{GREEK SMALL LETTER ALPHA}" if False else "\u03b1")
print(len("\n\t\\"), "a\
b")
multi = """triple
quoted "string" with 'quotes'"""
print(multi)
print(repr(multi))
print('single \'escaped\'', "double \"escaped\"")
print(ascii("héllo") if False else repr("héllo"))
