# __del__: an object is finalized when its last reference goes (CPython counts references),
# once, even if __del__ brings it back to life; what __del__ raises is ignored (printed on
# stderr). (Not here: objects in reference cycles, which gilsim never frees, and the order in
# which a dropped list's items go, last first in CPython.)


class Res:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("finalize", self.name)


class Child(Res):
    def __init__(self, name, parts):
        super().__init__(name)
        self.parts = parts


class Broken:
    def __del__(self):
        print("broken __del__ runs")
        raise ValueError("ignored")


saved = []


class Phoenix:
    def __del__(self):
        print("phoenix rises")
        saved.append(self)


def use():
    r = Res("local")
    print("using", r.name)


use()
print("after use")

def two_names():
    a = Res("a")
    b = a
    del a
    print("a deleted, b still refers")
    b = None
    print("b rebound")


two_names()

c = Child("child", [Res("part")])
del c
print("child gone")

items = [Res("item %d" % i) for i in range(3)]
items.pop(0)
print("popped")
items.clear()
print("cleared")

d = {"k": Res("in dict")}
d["k"] = 1
print("replaced")

Broken()
print("after broken")

p = Phoenix()
del p
print("saved", len(saved))
saved.clear()
print("phoenix gone for good")


def make():
    return Res("temporary")


print(make().name)
print("kept until exit:")
last = Res("last")
