# int / float / str / bool conversions and friends.
print(int("42"), int(" -17 "), int("1_000"), int(3.9), int(-3.9), int("0x1f", 16), int("0b101", 0), int("0o17", 0), int("12", 0))
print(float("1.5"), float("-0.25"), float("1e-3"), float(" 7 "), float(3), float("inf"), float("-Infinity"), float("nan"))
print(str(42), str(-0.5), str(True), str(None), str([1, "a"]), str((1,)), str({"k": 1}), str(""), str("x"))
print(bool("False"), bool(0.0), bool(-0.0), bool("0"), bool([None]))
print(repr(42), repr(1.0), repr("s"), repr([1, "s"]), repr(None), repr(True))
print(int(True), int(False), float(True), str(1.0), str(100000000000000000000.0), str(1e21))
print(list("abc"), list((1, 2)), list({"a": 1}), list(range(3)), tuple([1, 2]), set([1, 1, 2]), dict([(1, 2)]))
print(int("  0042"), int("-0"), float("-0"), int(float("1e10")), int(2 ** 70 / 3))
print(str(2 ** 100), len(str(2 ** 1000)), int(str(3 ** 50)) == 3 ** 50)
print(hex(255), hex(-255), oct(8), bin(10), bin(-10), hex(2 ** 64), bin(0), oct(0))
print(chr(65), chr(97), chr(8364), ord("A"), ord("€"), ord("\n"), [ord(c) for c in "Hi!"])
print("".join(chr(ord(c) + 1) for c in "HAL"))
for s in ["12", "-3", "4.5", "abc", "", " 9 "]:
    try:
        print(repr(s), "->", int(s))
    except ValueError as e:
        print(repr(s), "-> ValueError:", e)
for s in ["1.5", "abc", "1e5", "-.5", "5."]:
    try:
        print(repr(s), "->", float(s))
    except ValueError as e:
        print(repr(s), "-> ValueError:", e)
print(abs(-5), abs(5), abs(-2.5), abs(0), abs(-(10 ** 30)))
print(int("7") + float("0.5"), str(7) + "0.5", int("1" * 30) % 97)
print(type(int("5")).__name__, type(float("5")).__name__, type(str(5)).__name__, type(bool(5)).__name__)
print(int(), float(), str(), bool(), list(), tuple(), dict())
