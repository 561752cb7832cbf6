# __slots__: an instance of a class whose every class declares __slots__ (without
# "__dict__") can only have those attributes; a subclass without __slots__, a "__dict__" slot
# or an exception base gives instances a dict again.
class P:
    __slots__ = ("x", "y")
    def __init__(self, x, y):
        self.x = x
        self.y = y

class Q(P):
    __slots__ = "z"

class R(P):
    pass

class S:
    __slots__ = ["a", "__dict__"]

class T(Exception):
    __slots__ = ()

p = P(1, 2)
p.x = 5
print(p.x, p.y)
for obj, name in ((p, "z"), (Q(1, 2), "w"), (P(0, 0), "x")):
    try:
        setattr(obj, name, 9)
        print("set", name, getattr(obj, name))
    except AttributeError as e:
        print("AttributeError:", e)
q = Q(1, 2)
q.z = 3
print(q.z)
r = R(1, 2)
r.anything = 1
print(r.anything)
s = S()
s.a = 1
s.b = 2
print(s.a, s.b)
t = T("m")
t.note = "ok"
print(t.note)
try:
    P(1, 2).__setattr__("nope", 1)
except AttributeError as e:
    print("AttributeError:", e)
try:
    object.__setattr__(p, "nope", 1)
except AttributeError as e:
    print("AttributeError:", e)
try:
    print(P.__new__(P).x)
except AttributeError as e:
    print("AttributeError:", e)
