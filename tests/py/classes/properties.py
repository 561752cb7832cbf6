# @property with setter, @staticmethod, @classmethod.
class Temperature:
    def __init__(self, celsius=0.0):
        self._c = celsius
    @property
    def celsius(self):
        return self._c
    @celsius.setter
    def celsius(self, value):
        if value < -273.15:
            raise ValueError("below absolute zero")
        self._c = value
    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32
    @fahrenheit.setter
    def fahrenheit(self, f):
        self.celsius = (f - 32) * 5 / 9
t = Temperature(25)
print(t.celsius, t.fahrenheit)
t.celsius = 100
print(t.celsius, t.fahrenheit)
t.fahrenheit = 32
print(t.celsius, t.fahrenheit)
try:
    t.celsius = -300
except ValueError as e:
    print("ValueError:", e)
class ReadOnly:
    @property
    def value(self):
        return 42
r = ReadOnly()
print(r.value)
try:
    r.value = 1
except AttributeError as e:
    print("AttributeError caught")
class Date:
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    def __init__(self, y, m, d):
        self.y, self.m, self.d = y, m, d
    @classmethod
    def from_string(cls, s):
        y, m, d = (int(p) for p in s.split("-"))
        return cls(y, m, d)
    @staticmethod
    def is_leap(y):
        return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    def __str__(self):
        return f"{self.d} {Date.months[self.m - 1]} {self.y}"
class FancyDate(Date):
    def __str__(self):
        return "*" + super().__str__() + "*"
d = Date.from_string("2024-02-29")
print(d, type(d).__name__)
f = FancyDate.from_string("1999-12-31")
print(f, type(f).__name__)
print(Date.is_leap(2000), Date.is_leap(1900), d.is_leap(2024), FancyDate.is_leap(2023))
class Registry:
    _items = []
    @classmethod
    def register(cls, x):
        cls._items.append(x)
        return len(cls._items)
    @classmethod
    def count(cls):
        return len(cls._items)
print(Registry.register("a"), Registry.register("b"), Registry.count(), Registry().count())
class Lazy:
    def __init__(self):
        self.computed = 0
    @property
    def expensive(self):
        self.computed += 1
        return sum(range(100))
lz = Lazy()
print(lz.expensive, lz.expensive, lz.computed)
class Person:
    def __init__(self, first, last):
        self.first = first
        self.last = last
    @property
    def full(self):
        return f"{self.first} {self.last}"
    @full.setter
    def full(self, name):
        self.first, self.last = name.split(" ", 1)
    @full.deleter
    def full(self):
        self.first = self.last = None
p = Person("Ada", "Lovelace")
print(p.full)
p.full = "Grace Brewster Hopper"
print(p.first, "|", p.last)
del p.full
print(p.first, p.last)
class Circle:
    pi = 3.14159
    def __init__(self, r):
        self.r = r
    area = property(lambda self: round(Circle.pi * self.r ** 2, 3))
print(Circle(2).area)
