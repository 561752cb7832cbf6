# center / ljust / rjust / zfill and is* predicates.
for w in ["a", "abc", "abcdef"]:
    print("[" + w.center(9) + "]", "[" + w.ljust(7, ".") + "]", "[" + w.rjust(7, "*") + "]", "[" + w.center(8, "-") + "]")
print("abc".center(2), "abc".ljust(0), "ab".center(5, "#"), "abc".center(6, "#"))
print("42".zfill(5), "-42".zfill(5), "+7".zfill(4), "12345".zfill(3), "".zfill(2), "abc".zfill(6))
tests = ["123", "12.5", "abc", "Abc1", "", "   ", " \t\n", "ABC", "abc def", "x_y", "Hello World"]
for t in tests:
    print(repr(t), t.isdigit(), t.isalpha(), t.isspace(), t.isalnum(), t.isupper(), t.islower(), t.isdecimal(), t.isnumeric(), t.istitle())
print("hello_world".isidentifier(), "2abc".isidentifier(), "ok".isascii())
table = [("apple", 3, 0.5), ("kiwi", 12, 0.25), ("watermelon", 1, 3.0)]
for name, qty, price in table:
    print(name.ljust(12) + str(qty).rjust(4) + str(price).rjust(8))
print("|" + "title".center(20, "=") + "|")
