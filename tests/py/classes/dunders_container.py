# __len__ __getitem__ __setitem__ __delitem__ __contains__ __iter__ __next__.
class Grid:
    def __init__(self, w, h, fill=0):
        self.w, self.h = w, h
        self.cells = [fill] * (w * h)
    def __len__(self):
        return len(self.cells)
    def __getitem__(self, pos):
        r, c = pos
        if not (0 <= r < self.h and 0 <= c < self.w):
            raise IndexError(f"cell {pos} out of range")
        return self.cells[r * self.w + c]
    def __setitem__(self, pos, v):
        r, c = pos
        self.cells[r * self.w + c] = v
    def __contains__(self, v):
        return v in self.cells
    def __iter__(self):
        for r in range(self.h):
            yield [self[r, c] for c in range(self.w)]
g = Grid(3, 2)
g[0, 1] = 5
g[1, 2] = 7
print(len(g), g[0, 1], g[1, 2], 5 in g, 9 in g, 9 not in g)
for row in g:
    print(row)
print(list(g))
try:
    g[5, 5]
except IndexError as e:
    print("IndexError:", e)
class Seq:
    def __init__(self, n):
        self.n = n
    def __len__(self):
        return self.n
    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self.n))]
        if i < 0:
            i += self.n
        if i >= self.n or i < 0:
            raise IndexError("Seq index out of range")
        return i * i
s = Seq(6)
print(s[2], s[-1], s[1:4], s[::2], list(s), 16 in s, 17 in s, bool(s), bool(Seq(0)))
for v in s:
    print(v, end=" ")
print()
print(sorted(s, reverse=True), sum(s), max(s))
class Countdown:
    def __init__(self, start):
        self.current = start
    def __iter__(self):
        return self
    def __next__(self):
        if self.current <= 0:
            raise StopIteration
        self.current -= 1
        return self.current + 1
print(list(Countdown(5)))
cd = Countdown(3)
print(next(cd), next(cd), next(cd), next(cd, "done"))
it = iter(Countdown(2))
print(it.__next__(), next(it))
try:
    next(it)
except StopIteration:
    print("StopIteration raised")
class Bag:
    def __init__(self):
        self.data = {}
    def __setitem__(self, k, v):
        self.data[k] = v
    def __getitem__(self, k):
        return self.data[k]
    def __delitem__(self, k):
        del self.data[k]
    def __len__(self):
        return len(self.data)
    def __iter__(self):
        return iter(self.data)
b = Bag()
b["x"] = 1
b["y"] = 2
b["x"] += 10
print(len(b), b["x"], list(b), dict((k, b[k]) for k in b))
del b["x"]
print(len(b), list(b))
try:
    b["nope"]
except KeyError as e:
    print("KeyError:", e)
class Range2:
    def __init__(self, lo, hi):
        self.lo, self.hi = lo, hi
    def __iter__(self):
        i = self.lo
        while i < self.hi:
            yield i
            i += 1
r = Range2(3, 7)
print(list(r), list(r), [x * 2 for x in r], 5 in r)
a, b2, *rest = Range2(0, 5)
print(a, b2, rest)
print(dict(zip(Range2(0, 3), "abc")), list(enumerate(Range2(10, 12))))
