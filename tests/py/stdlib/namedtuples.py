from collections import namedtuple
from typing import NamedTuple
Point = namedtuple("Point", "x y")
p = Point(3, 4)
print(p, repr(p), p.x, p.y, p[0], p[-1], len(p), p == (3, 4), p == Point(3, 4))
x, y = p
print(x, y, sum(p), list(p), max(p))
print(p._replace(y=10), p, p._asdict(), Point._fields)
print(Point._make([5, 6]), Point(x=1, y=2), Point(7, y=8))
Person = namedtuple("Person", ["name", "age", "city"], defaults=["unknown"])
print(Person("Ann", 30), Person("Bob", 25, "Rome"))
people = [Person("Cy", 40, "Oslo"), Person("Al", 22, "Lima"), Person("Bo", 31, "Kiev")]
for person in sorted(people, key=lambda q: q.age):
    print(f"{person.name:<4}{person.age:>4} {person.city}")
print(sorted(people)[0].name, max(people, key=lambda q: q.age).name)
try:
    p.x = 10
except AttributeError:
    print("namedtuple is immutable")
class Employee(NamedTuple):
    name: str
    dept: str
    salary: int = 50000
    def raise_pct(self, pct):
        return self._replace(salary=int(self.salary * (1 + pct / 100)))
e = Employee("Dana", "eng")
print(e, e.salary, e.raise_pct(10), Employee._fields)
e2 = Employee("Eve", "ops", 70000)
print(e2 > e, e2 == Employee("Eve", "ops", 70000), isinstance(e2, tuple))
name, dept, salary = e2
print(name, dept, salary)
print({Point(1, 2): "a"}[Point(1, 2)], hash(Point(1, 2)) == hash((1, 2)))
