# str methods whose needle is one character (searched as a char) or more,
# on ASCII and non-ASCII text; case mapping of ASCII and non-ASCII.
texts = ["a,b,,c,", ",", "", "no-sep", "é,ü,,☺,", "x||y|z", "aaaa", "ß,straße,ǅ"]
for t in texts:
    for sep in [",", "|", "a", ",,", "é", "☺,", "||"]:
        print(repr(t), repr(sep), t.split(sep), t.split(sep, 1), t.rsplit(sep), t.rsplit(sep, 1),
              t.split(sep, 0), t.count(sep), t.find(sep), t.rfind(sep), t.find(sep, 2),
              t.rfind(sep, 0, 3), t.replace(sep, "<>"), t.replace(sep, "", 1),
              t.replace(sep, "é", 2), t.partition(sep), t.rpartition(sep),
              t.startswith(sep), t.endswith(sep), t.startswith(sep, 1),
              t.endswith((sep, "x")), t.index(sep) if sep in t else -2)
for t in ["abc", "ÀÉÎ", "straße", "ǅ", "İ", "Hello World 123", "", "mIxEd ÇaSe"]:
    print(t.upper(), t.lower(), t.swapcase(), t.title(), t.capitalize(), t.casefold())
print("abc".startswith(""), "abc".endswith(""), "".startswith(""), "abc".startswith("abcd"))
print("ab".startswith(("x", "a")), "ab".endswith(("x",)), "abc".startswith("b", 1, 2))
try:
    "abc".startswith(1)
except TypeError as e:
    print("TypeError", e)
try:
    "abc".startswith(["a"])
except TypeError as e:
    print("TypeError", e)
class S(str):
    pass
print(S("hello").startswith(S("he")), "hello".startswith(S("he")), S("a,b").split(S(",")))
print("%s" % S("sub"), f"{S('sub')}|{S('x'):>4}|{7:>4}|{-7:<4}|{-7:=+5}")
n = 0
parts = []
for i in range(30):
    parts.append(f"item-{i}:{i * i % 1000:04d}|{i!r:>3}|{i / 7:.3f}|{'é' * (i % 3)}")
print(",".join(parts))
print("".join([]), "-".join(["é"]), "".join(("a", "b")), ", ".join(str(i) for i in range(5)))
