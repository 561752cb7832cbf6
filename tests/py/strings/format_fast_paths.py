# Edge cases of the fast paths in %-formatting, int format specs and
# fixed-precision float digits (exact halves, huge and tiny values, -0.0).
import sys

halves = [0.5, 1.5, 2.5, 3.5, -0.5, -2.5, 0.125, 0.375, 0.625, 2.675, 1.005,
          0.045, 1.0000000000000002, 0.1 + 0.2, 1e-7, 5e-324, 2.2250738585072014e-308]
for x in halves:
    print("%.0f %.1f %.2f %.3f %f %.10f %.17f %.22f %.23f" % (x, x, x, x, x, x, x, x, x))
    print(f"{x:.0f} {x:.2f} {x:.6f} {x:.20f} {x:10.3f}|{x:<10.1f}|{x:+.2f}")

big = [1e15, 1e16, 123456789012345678.0, 2.0 ** 53, 2.0 ** 63, 2.0 ** 64, 2.0 ** 70,
       2.0 ** 117, 1e22, 1e23, 1.7976931348623157e308, 9007199254740993.0]
for x in big:
    print("%.0f|%.2f|%f|%.5f" % (x, x, x, -x))
    print(f"{x:.1f} {x:.22f}")

for x in [0.0, -0.0, float("inf"), float("-inf"), float("nan")]:
    print("%.2f %f %8.3f %-8.1f| %+.1f %05.1f" % (x, x, x, x, x, x))
    print(f"{x:.2f} {x:z.1f} {x:8.3f}|")

for p in range(0, 25):
    print(p, "%.*f" % (p, 2 / 3), "%.*f" % (p, 1 / 8), "%.*f" % (p, 123.456))

ints = [0, 1, -1, 7, -7, 42, 999, -1000, 123456789, -987654321,
        sys.maxsize, -sys.maxsize - 1, 2 ** 63, -(2 ** 64) - 5]
for i in ints:
    print("%d|%i|%u|%5d|%-5d|%05d|%+d|% d|%x|%#o|%.3d" % (i, i, i, i, i, i, i, i, i, i, i))
    print(f"{i:04d}|{i:4}|{i:<6d}|{i:^7d}|{i:=8d}|{i:*>9}|{i:0=7}|{i:_<5}|{i:08}|{i:-05d}|{i:1d}|")
    print(format(i, "010d"), format(i, "^"), format(i, "0<6"), format(i, "é^9"))
print("%d %s %d" % (True, False, False), f"{True:05d}|{False:>3}|")

# %-format string scanning with non-ASCII text, keys and errors
print("héllo %s wörld %d ☺ %.1f" % ("ü", 3, 2.25))
print("%(ключ)s=%(b)05d" % {"ключ": "значение", "b": -3})
print("%s%%%s" % ("a", "b"), "%%" % (), "x%sy" % "é")
print("%c%c" % (233, "ß"), "%3c|%-3c|" % (9731, "x"))
print("%-6s|%6s|%.1s|%6.2s|" % ("ab", "é☺", "é☺", "é☺"))
for bad in ["%é", "ab☺%q", "é%(x)", "%(a", "%.", "%5"]:
    try:
        print(bad % {"x": 1})
    except (ValueError, TypeError, KeyError) as e:
        print(type(e).__name__, e)
try:
    print("☺%z" % 1)
except ValueError as e:
    print("ValueError", e)
for spec in ["0", "00", "d", "0d", "010", "1", "05", "5d", "005", "0005d", "12", "000000001d"]:
    print(repr(spec), [format(v, spec) for v in (0, 7, -7, 123456, -2**63, 2**64)])
for spec in ["0x", "d5", "5.2", "5D"]:
    try:
        print(repr(spec), format(42, spec))
    except (ValueError, OverflowError) as e:
        print(repr(spec), type(e).__name__, e)
print("%s|%5s|%-5s|%.2s|%s" % ("abc", "é", "é", "héllo", 3.5), "%s" % (["x"],), "%s %s" % (None, True))
for v in [0, 5, -5, 255, -255, 2**70, -2**70]:
    print("%#x|%#X|%#o|%#.4x|%#8x|%-#8o|%#08x|%.3x|%.0d|%.2r|%.1a|%x" % (v, v, v, v, v, v, v, v, v, v, v, v))
print("%.2f|%.0e|%.3g|%5.1f|%-7.2f|%+.1f|% .1f" % (-1.25, 2.5, 1e-5, -0.05, 3.14159, 0.25, 0.35))
print("%s|%.1s|%r|%.3r|%a|%.4a" % ("é☺x", "é☺x", "é☺x", "é☺x", "é☺x", "é☺x"))
print(",".join(["a", "é", ""]), "|".join(("x",)), "".join([]), "-".join(["a"] * 3))
class J(str):
    pass
print("+".join([J("p"), "q"]), "+".join((J("r"),)))
try:
    ",".join(["a", 1])
except TypeError as e:
    print("TypeError", e)
