# find / rfind / index / rindex / count / startswith / endswith.
s = "the cat sat on the mat with the hat"
print(s.find("the"), s.find("the", 1), s.find("the", 20), s.find("dog"), s.find(""))
print(s.rfind("the"), s.rfind("at"), s.rfind("zzz"), s.rfind("the", 0, 10))
print(s.index("cat"), s.rindex("at"), s.index("t", 5, 10))
try:
    s.index("dog")
except ValueError as e:
    print("ValueError:", e)
try:
    s.rindex("dog")
except ValueError as e:
    print("ValueError:", e)
print(s.count("at"), s.count("the"), s.count("a", 10), s.count(""), "aaaa".count("aa"))
print(s.startswith("the"), s.startswith("cat"), s.startswith("cat", 4), s.startswith(("dog", "the")))
print(s.endswith("hat"), s.endswith("ha"), s.endswith(("x", "at")), s.endswith("mat", 0, 22))
print("abc".find("c", -1), "abc".find("a", -2), "abcabc".find("bc", 2))
print("ell" in "hello", "hello".__contains__("lo"))
for word in ["apple", "banana", "cherry", "avocado"]:
    if word.startswith("a"):
        print(word, "starts with a at", word.find("a"), "count a:", word.count("a"))
positions = []
start = 0
while True:
    i = s.find("at", start)
    if i < 0:
        break
    positions.append(i)
    start = i + 1
print(positions)
print("x".join(["", ""]).find("x"))
