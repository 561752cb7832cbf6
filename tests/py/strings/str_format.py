# str.format with positional, keyword, index and attribute fields.
print("{} {} {}".format("a", "b", "c"))
print("{0} {1} {0}".format("x", "y"))
print("{name} is {age}".format(name="Bob", age=42))
print("{0[1]} {0[0]}".format(["first", "second"]))
print("{d[key]} {d[other]}".format(d={"key": "v1", "other": "v2"}))
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y
p = Point(3, 4)
print("({0.x}, {0.y})".format(p), "{p.x}/{p.y}".format(p=p))
print("{:>8}|{:<8}|{:^8}|".format("r", "l", "c"))
print("{:08.3f} {:,} {:x} {:b}".format(3.14159, 1234567, 255, 10))
print("{0:{1}}|".format("w", 5), "{:{w}.{p}f}".format(2.718281, w=10, p=2))
print("{!r} {!s}".format("q", "q"), "{0!r:>10}".format("ab"))
print("{{}} {}".format("braces"))
print("{} + {} = {}".format(1, 2, 1 + 2))
args = ("one", "two")
kw = {"three": 3}
print("{0}-{1}-{three}".format(*args, **kw))
fmt = "{:<6}{:>6}"
for a, b in [("ab", 1), ("cdef", 22), ("g", 333)]:
    print(fmt.format(a, b))
print(format(3.14159, ".2f"), format(42, "05d"), format("s", "^5"), format(1234567, ","), format(255, "#x"))
print(format(12), format(1.5), format("plain"))
print("{:.1%}".format(0.4567), "{:e}".format(1234.5))
print("{0}{0}{0}".format("ab"))
print("{:+d} {:+d} {: d}".format(5, -5, 5))
print("{}".format([1, "a", None]), "{}".format({"k": (1, 2)}))
