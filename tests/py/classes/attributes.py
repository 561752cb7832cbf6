# getattr/setattr/hasattr/delattr, AttributeError messages, __getattr__, __slots__-free objects.
class Config:
    def __init__(self, **kw):
        for k, v in kw.items():
            setattr(self, k, v)
    def __repr__(self):
        items = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"Config({items})"
c = Config(host="localhost", port=8080)
print(c, c.host, getattr(c, "port"), hasattr(c, "debug"))
setattr(c, "debug", True)
print(c.debug, hasattr(c, "debug"))
delattr(c, "debug")
print(hasattr(c, "debug"), c)
try:
    c.missing
except AttributeError as e:
    print("AttributeError:", e)
try:
    getattr(c, "nothing")
except AttributeError as e:
    print("AttributeError:", e)
print(getattr(c, "nothing", None))
class Foo:
    pass
try:
    Foo().x
except AttributeError as e:
    print("AttributeError:", e)
try:
    (5).foo
except AttributeError as e:
    print("AttributeError:", e)
try:
    "abc".nope()
except AttributeError as e:
    print("AttributeError:", e)
try:
    [].push(1)
except AttributeError as e:
    print("AttributeError:", e)
try:
    None.attr
except AttributeError as e:
    print("AttributeError:", e)
class Dynamic:
    def __init__(self):
        self.real = "real value"
    def __getattr__(self, name):
        if name.startswith("auto_"):
            return name[5:].upper()
        raise AttributeError(f"{type(self).__name__!r} has no {name!r}")
dd = Dynamic()
print(dd.real, dd.auto_hello, getattr(dd, "auto_x"), hasattr(dd, "auto_y"), hasattr(dd, "other"))
try:
    dd.other
except AttributeError as e:
    print("AttributeError:", e)
class Tracked:
    def __setattr__(self, name, value):
        print(f"set {name} = {value!r}")
        object.__setattr__(self, name, value)
t = Tracked()
t.a = 1
t.b = [2]
print(t.a, t.b)
print(getattr(str, "upper")("via getattr"), getattr([3, 1, 2], "index")(2))
method_name = "append"
lst = []
getattr(lst, method_name)(5)
print(lst)
class Node:
    def __init__(self, val, nxt=None):
        self.val = val
        self.next = nxt
head = Node(1, Node(2, Node(3)))
n = head
vals = []
while n is not None:
    vals.append(n.val)
    n = n.next
print(vals)
head.next.next.val = 30
print(head.next.next.val)
