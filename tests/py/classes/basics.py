# class attributes, __init__, methods, instance vs class state.
class Dog:
    species = "canis familiaris"
    count = 0
    def __init__(self, name, age=1):
        self.name = name
        self.age = age
        self.tricks = []
        Dog.count += 1
    def add_trick(self, trick):
        self.tricks.append(trick)
        return self
    def describe(self):
        return f"{self.name} ({self.age}) knows {', '.join(self.tricks) or 'nothing'}"
    def birthday(self):
        self.age += 1
rex = Dog("Rex", 3)
fido = Dog("Fido")
rex.add_trick("sit").add_trick("roll")
fido.birthday()
print(rex.describe())
print(fido.describe())
print(Dog.count, rex.count, Dog.species, fido.species)
rex.species = "override"
print(rex.species, fido.species, Dog.species)
del rex.species
print(rex.species)
Dog.species = "changed"
print(rex.species, fido.species)
print(rex.name, getattr(fido, "name"), getattr(fido, "missing", "dflt"))
print(type(rex).__name__, type(rex) is Dog, Dog.__name__)
print(Dog.describe(fido))
m = rex.describe
print(m())
class Empty:
    pass
e = Empty()
e.x = 1
e.y = [2]
print(e.x, e.y, hasattr(e, "z"))
print(Empty, Dog)
print(repr(Empty), str(Dog))
print(type(e), type(3), type("s"), type([]), type(None), type(Dog))
class Counter:
    def __init__(self):
        self.value = 0
    def increment(self, by=1):
        self.value += by
        return self.value
c1 = Counter()
c2 = Counter()
for _ in range(5):
    c1.increment()
c2.increment(by=10)
print(c1.value, c2.value)
class Shared:
    items = []
    def add(self, x):
        self.items.append(x)
s1 = Shared()
s2 = Shared()
s1.add(1)
s2.add(2)
print(Shared.items, s1.items is s2.items)
class WithDoc:
    """Docstring here."""
    value = 3 * 7
    doubled = value * 2
print(WithDoc.__doc__, WithDoc.value, WithDoc.doubled)
class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def dist2(self, other):
        return (self.x - other.x) ** 2 + (self.y - other.y) ** 2
print(Point(0, 0).dist2(Point(3, 4)))
print(rex.__dict__ if False else sorted(vars(rex)))
print(vars(Point(1, 2)))
