# Edge cases of the container fast paths: indexing, slicing, count/index
# with mixed items, sorting ints, and method calls on builtin values.
xs = list(range(10))
t = tuple(xs)
s = "abcdefghij"
u = "äbcdéfghij"
for sl in [slice(None), slice(2, 7), slice(-3, None), slice(None, None, -1),
           slice(8, 1, -2), slice(1, 9, 3), slice(5, 2), slice(-100, 100),
           slice(100, -100, -1), slice(True, None), slice(0, 10, 2**62)]:
    print(xs[sl], t[sl], s[sl], u[sl])
print(xs[-1], xs[-10], t[-1], s[-1], u[-1], xs[True], xs[False])
for bad in [10, -11, 2**70]:
    for seq in (xs, t, s):
        try:
            print(seq[bad])
        except IndexError as e:
            print("IndexError", e)

class Eq:
    def __init__(self, v):
        self.v = v
    def __eq__(self, other):
        return other == self.v
nan = float("nan")
mixed = [1, 2.0, "2", 2, Eq(2), nan, True, None, (2,), 2]
print(mixed.count(2), mixed.count(nan), mixed.count(True), mixed.count(None), mixed.count((2,)))
print(mixed.index(2), mixed.index(nan), mixed.index("2"), mixed.index(True), mixed.index(2, 4))
try:
    mixed.index(3)
except ValueError as e:
    print("ValueError", e)
class Shrink:
    def __eq__(self, other):
        zs.clear()
        return False
zs = [1, Shrink(), 1, 1]
print(zs.count(1), zs)
zs = [5, 6, Shrink(), 7]
try:
    print(zs.index(7))
except ValueError as e:
    print("ValueError", e)
ws = [3, 1, 2]
ws.remove(1)
print(ws)

for data in [[5, -3, 2**40, 0, -2**62, 7, 7, 1], [], [1], [3, 2, 1] * 5]:
    a = list(data); a.sort(); b = list(data); b.sort(reverse=True)
    c = list(data); c.sort(key=lambda v: -v); d = sorted(data, key=abs, reverse=True)
    print(a, b, c, d)
print(sorted([2**70, 3, -2**70, 1]), sorted([3, 1.5, True, 2]))

class L(list):
    def append(self, x):
        super().append(x * 10)
class S(str):
    def upper(self):
        return "S!"
for obj in [[], L(), [], L()]:
    obj.append(1)
    obj.append(2)
    print(type(obj).__name__, obj)
for w in ["ab", S("cd"), "ef", S("gh")]:
    print(w.upper(), w.startswith("a"), w.find("d"))
d = {"a": 1}
for obj in [d, {"b": 2}]:
    print(obj.get("a", 0), obj.get("b"))
big = [(i * 7919 + 31) % 1009 - 500 for i in range(3000)]
for data in [big, big[:100], [x * 2**50 for x in big[:500]], [7] * 300, list(range(400, 0, -1))]:
    a = sorted(data); b = sorted(data, reverse=True); c = list(data); c.sort(key=lambda v: v % 7)
    print(len(a), sum(a[::37]), a[:5], a[-5:], b[:5], c[:8], a == sorted(b), sum(i * v for i, v in enumerate(a)) % 1000003)
# `in` on lists and sets: plain items, __eq__ items, mutation from __eq__ and __hash__
class E:
    def __init__(self, v, box=None):
        self.v, self.box = v, box
    def __eq__(self, other):
        if self.box is not None:
            self.box.append(99) if isinstance(self.box, list) else self.box.add(99)
        return other == self.v
    def __hash__(self):
        return hash(self.v)
lst = [1, "a", 2.5, None, (1, 2)]
print(1 in lst, 2.5 in lst, (1, 2) in lst, "b" in lst, True in lst, float("nan") in lst, [] in lst)
box = []
lst2 = [1, E(3, box), 4]
print(3 in lst2, 4 in lst2, 5 in lst2, box)
st = {1, "a", 2.5, (1, 2), E(7)}
print(1 in st, 1.0 in st, True in st, "a" in st, (1, 2) in st, 7 in st, E(7) in st, 8 in st, E(2.5) in st)
sbox = set()
st2 = {E(5, sbox), 6}
print(5 in st2, 6 in st2, 9 in st2, sorted(sbox))
try:
    print([] in st)
except TypeError as e:
    print("TypeError", e)
big_set = set(range(0, 3000, 3))
print(sum(1 for i in range(3000) if i in big_set), sum(1 for i in range(3000) if i in frozenset(big_set)))
