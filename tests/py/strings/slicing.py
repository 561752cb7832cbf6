# String indexing and slicing, including steps and negative indices.
s = "abcdefghij"
print(s[0], s[-1], s[3], s[-3])
print(s[2:5], s[:3], s[7:], s[:], s[-3:], s[:-3], s[-5:-2])
print(s[::2], s[1::2], s[::-1], s[::-2], s[8:2:-1], s[8:2:-3], s[-1:-4:-1])
print(repr(s[5:2]), repr(s[100:]), s[-100:3], s[3:100], repr(s[2:2]))
print(s[::3], s[::100], s[10:0:-1], s[:0:-1], s[0:10:4])
try:
    print(s[10])
except IndexError as e:
    print("IndexError:", e)
try:
    s[0] = "z"
except TypeError as e:
    print("TypeError:", e)
print("ab" * 3, 3 * "xy", "a" * 0, "-" * 20, "ab" * -1 == "")
print("abc" + "def", "" + "x")
print(len(s), len("")," ".join(s[i] for i in range(0, len(s), 3)))
word = "racecar"
print(word == word[::-1], "python"[::-1])
print([s[i:i + 3] for i in range(0, len(s), 3)])
u = "héllo wörld ñ"
print(len(u), u[1], u[::-1], u.upper())
for i, ch in enumerate("hey"):
    print(i, ch, ord(ch))
print("".join(sorted("hello")), "".join(reversed("hello")))
print(list("abc"), tuple("ab"), max("hello"), min("hello"))
