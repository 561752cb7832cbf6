from dataclasses import dataclass, field, asdict, astuple, replace
@dataclass
class Point:
    x: int
    y: int = 0
p = Point(1, 2)
print(p, Point(5), repr(p), p == Point(1, 2), p == Point(2, 1), p.x, p.y)
p.x = 10
print(p)
@dataclass
class Inventory:
    name: str
    items: list = field(default_factory=list)
    count: int = 0
    tags: dict = field(default_factory=dict)
a = Inventory("a")
b = Inventory("b", ["x"], 1)
a.items.append("apple")
print(a, b, Inventory("c").items)
@dataclass(order=True)
class Version:
    major: int
    minor: int = 0
    patch: int = 0
vs = [Version(1, 2, 3), Version(1, 0), Version(0, 9, 9), Version(1, 2)]
print(sorted(vs))
print(Version(1) < Version(1, 1), Version(2) > Version(1, 99), max(vs), Version(1, 2) <= Version(1, 2))
@dataclass(frozen=True)
class Coord:
    lat: float
    lon: float
c = Coord(1.5, -2.25)
print(c, hash(c) == hash(Coord(1.5, -2.25)), {c: "here"}[Coord(1.5, -2.25)])
try:
    c.lat = 0
except Exception as e:
    print(type(e).__name__, e, isinstance(e, AttributeError))
@dataclass
class Employee:
    name: str
    salary: float
    dept: str = "general"
    def annual(self):
        return self.salary * 12
    def __post_init__(self):
        self.name = self.name.title()
e = Employee("ada lovelace", 1000.0)
print(e, e.annual())
print(asdict(e), astuple(Point(3, 4)), replace(p, y=99))
@dataclass
class Node:
    value: int
    children: list["Node"] = field(default_factory=list)
root = Node(1, [Node(2), Node(3, [Node(4)])])
print(root)
@dataclass
class Hidden:
    shown: int
    secret: str = field(default="s", repr=False)
    ignored: int = field(default=0, compare=False)
print(Hidden(1), Hidden(1, "a", 5) == Hidden(1, "a", 6), Hidden(1) == Hidden(2))
@dataclass
class Base:
    a: int
@dataclass
class Derived(Base):
    b: str = "b"
print(Derived(1), Derived(2, "z"), isinstance(Derived(1), Base))
@dataclass(eq=False)
class NoEq:
    v: int
print(NoEq(1) == NoEq(1))
