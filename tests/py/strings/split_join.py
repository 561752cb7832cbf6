# split / rsplit / join / splitlines / partition.
s = "  the quick  brown fox  "
print(s.split())
print(s.split(" "))
print(s.split(None, 1), s.split(maxsplit=2))
print("a,b,,c,".split(","), "a,b,,c,".split(",", 2))
print("a,b,c".rsplit(",", 1), "a b c d".rsplit(None, 2), "a b c d".rsplit())
print("".split(), "".split(","), "   ".split(), "abc".split("abc"))
print("one--two--three".split("--"), "x".split("x"))
print(",".join(["a", "b", "c"]), "".join(["x", "y"]), " | ".join([]), "-".join("abc"))
print("\n".join(str(i) for i in range(3)))
print(", ".join(map(str, [1, 2, 3])))
text = "line one\nline two\r\nline three\n\nlast"
print(text.splitlines())
print(text.splitlines(True))
print("no newline".splitlines(), "".splitlines(), "trailing\n".splitlines())
print("key=value=more".partition("="), "novalue".partition("="))
print("key=value=more".rpartition("="), "novalue".rpartition("="))
print("a.b.c".split(".", 0), "a.b.c".split(".", -1))
words = "to be or not to be that is the question".split()
print(len(words), words[::2], " ".join(reversed(words)))
path = "/usr/local/lib/python3.11/site.py"
print(path.rsplit("/", 1)[-1], path.split("/")[1:3])
csv = "name,age,city\nalice,30,paris\nbob,25,rome"
rows = [line.split(",") for line in csv.splitlines()]
header, *body = rows
for r in body:
    print(dict(zip(header, r)))
print("\t".join(["a", "b"]).split("\t"))
print("a\tb\nc  d\x0be".split())
