# __repr__ __str__ __eq__ __lt__ __hash__ __add__ and friends.
import functools
class Vec:
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def __repr__(self):
        return f"Vec({self.x}, {self.y})"
    def __str__(self):
        return f"<{self.x}, {self.y}>"
    def __eq__(self, other):
        if not isinstance(other, Vec):
            return NotImplemented
        return self.x == other.x and self.y == other.y
    def __hash__(self):
        return hash((self.x, self.y))
    def __add__(self, other):
        return Vec(self.x + other.x, self.y + other.y)
    def __sub__(self, other):
        return Vec(self.x - other.x, self.y - other.y)
    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)
    def __rmul__(self, k):
        return self * k
    def __neg__(self):
        return Vec(-self.x, -self.y)
    def __abs__(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5
    def __bool__(self):
        return bool(self.x or self.y)
    def __lt__(self, other):
        return abs(self) < abs(other)
a = Vec(1, 2)
b = Vec(3, 4)
print(a, repr(a), str(b), [a, b], (a,), {"k": a})
print(f"{a}", f"{a!r}", "%s %r" % (a, a), "{} {!r}".format(a, b))
print(a + b, b - a, a * 3, 3 * a, -a, abs(b))
print(a == Vec(1, 2), a != Vec(1, 2), a == b, a == "x", a != 5)
print(bool(Vec(0, 0)), bool(a), "truthy" if Vec(0, 1) else "falsy")
print(a < b, b < a, b > a, sorted([b, a, Vec(0, 1)]), max([a, b, Vec(0, 1)]), min(a, b))
print(len({a, Vec(1, 2), b}), Vec(1, 2) in {a}, {a: "first"}[Vec(1, 2)])
acc = Vec(0, 0)
for v in [a, b, Vec(5, 5)]:
    acc += v
print(acc)
print(a < 5)
try:
    a + 1
except AttributeError as e:
    print("AttributeError:", e)
class Money:
    def __init__(self, cents):
        self.cents = cents
    def __add__(self, other):
        if isinstance(other, int):
            return Money(self.cents + other)
        if isinstance(other, Money):
            return Money(self.cents + other.cents)
        return NotImplemented
    def __radd__(self, other):
        return self.__add__(other)
    def __repr__(self):
        return f"${self.cents // 100}.{self.cents % 100:02d}"
print(Money(150) + Money(275), 5 + Money(100), sum([Money(1), Money(2), Money(3)]))
try:
    Money(1) + "x"
except TypeError as e:
    print("TypeError:", e)
@functools.total_ordering
class Version:
    def __init__(self, s):
        self.parts = tuple(int(p) for p in s.split("."))
    def __eq__(self, o):
        return self.parts == o.parts
    def __lt__(self, o):
        return self.parts < o.parts
    def __repr__(self):
        return "v" + ".".join(map(str, self.parts))
vs = [Version("1.10.0"), Version("1.2.3"), Version("1.2.10"), Version("0.9")]
print(sorted(vs), Version("1.0") <= Version("1.0"), Version("2.0") >= Version("1.9"))
class NoEq:
    pass
n1, n2 = NoEq(), NoEq()
print(n1 == n2, n1 == n1, n1 != n2)
try:
    n1 < n2
except TypeError as e:
    print("TypeError:", e)
class OnlyEq:
    def __init__(self, v):
        self.v = v
    def __eq__(self, o):
        return self.v == o.v
try:
    hash(OnlyEq(1))
except TypeError as e:
    print("TypeError:", e)
class Str:
    def __str__(self):
        return "only str"
s = Str()
print(str(s), f"{s}")
class Cmp:
    def __init__(self, v):
        self.v = v
    def __lt__(self, o):
        print(f"  lt {self.v} {o.v}")
        return self.v < o.v
    def __gt__(self, o):
        print(f"  gt {self.v} {o.v}")
        return self.v > o.v
print(Cmp(1) > Cmp(2))
print(Cmp(1) < Cmp(2))
class Idx:
    def __index__(self):
        return 2
print([10, 20, 30][Idx()], bin(Idx()))
