# Instance attributes set in differing orders, deleted and set again, past 30 names, moved to
# another class, shadowing methods and class attributes, behind properties: __dict__ order and
# every read must be a dict's.
class P:
    kind = "class attr"

    def __init__(self, first):
        if first:
            self.a = 1
            self.b = 2
        else:
            self.b = 20
            self.a = 10

    def show(self):
        return "method"


p, q = P(True), P(False)
print(vars(p), vars(q), p.a, q.a, p.b, q.b)
for o in (p, q, P(True), P(False)):
    print(o.a + o.b, list(vars(o)))

# delete and set again: the name goes last
r = P(True)
del r.a
print(vars(r), hasattr(r, "a"))
r.a = 5
print(vars(r), r.a)
del r.b
del r.a
print(vars(r))
r.c = 3
r.a = 4
print(vars(r))
try:
    del r.b
except AttributeError as e:
    print("AttributeError:", e)

# an instance attribute shadows a method and a class attribute; a loop sees both states
s = P(True)
for i in range(3):
    print(s.show() if callable(s.show) else s.show, s.kind)
    if i == 0:
        s.show = "instance attr"
        s.kind = "instance kind"
    elif i == 1:
        del s.show
        del s.kind
print(vars(s))


# many attributes (more than a class can share)
class Bag:
    pass


bags = [Bag() for _ in range(3)]
for n, bag in enumerate(bags):
    for i in range(40):
        setattr(bag, f"f{(i * 7 + n) % 40}", i)
for bag in bags:
    d = vars(bag)
    print(len(d), list(d)[:5], bag.f0, bag.f39, sum(getattr(bag, f"f{i}") for i in range(40)))


# the same code reading instances of two classes in turn
class A:
    def __init__(self):
        self.x = "A.x"
        self.y = "A.y"


class B:
    def __init__(self):
        self.y = "B.y"
        self.x = "B.x"


def read(o):
    return o.x, o.y


for o in [A(), B(), A(), B()]:
    print(read(o))

# __class__ assignment keeps the attributes
a = A()
a.z = 1
a.__class__ = B
print(type(a).__name__, vars(a), a.x, a.y, a.z)
a.w = 2
print(vars(a))


# a property appearing after the attribute was read through a cache
class C:
    def __init__(self):
        self.v = 1


def get_v(o):
    return o.v


c = C()
print(get_v(c), get_v(c))
C.v = property(lambda self: "property")
print(get_v(c), vars(c))
del C.v
print(get_v(c))


# stores through a cache, then a __setattr__ appears
def set_v(o, x):
    o.v = x


set_v(c, 2)
set_v(c, 3)
print(vars(c))
C.__setattr__ = lambda self, k, v: print("hook", k, v)
set_v(c, 4)
print(vars(c))
del C.__setattr__
set_v(c, 5)
print(vars(c))


# a method replaced on the class, and one shadowed on one instance, through a cached call
class M:
    def f(self):
        return "f1"


def call_f(o):
    return o.f()


m1, m2 = M(), M()
print(call_f(m1), call_f(m2))
M.f = lambda self: "f2"
print(call_f(m1), call_f(m2))
m2.f = lambda: "own f"
print(call_f(m1), call_f(m2))


# a class defined anew each call: caches must not mix them up
def make(order):
    class T:
        def __init__(self):
            for k in order:
                setattr(self, k, k.upper())

        def get(self):
            return self.p + self.q

    return T()


for order in ["pq", "qp", "pq"]:
    t = make(order)
    print(t.get(), list(vars(t)))

# attributes on exceptions
e = ValueError("bad")
e.note = "extra"
print(e.note, e.args, vars(e))
