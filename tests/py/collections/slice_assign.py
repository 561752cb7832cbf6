# slicing, slice assignment and del.
a = list(range(10))
a[2:5] = ["a", "b"]
print(a)
a[:0] = [-2, -1]
print(a)
a[len(a):] = [100, 101]
print(a)
a[1:3] = []
print(a)
a[::2] = [0] * len(a[::2])
print(a)
try:
    a[::2] = [1, 2]
except ValueError as e:
    print("ValueError:", e)
b = list(range(10))
del b[0]
print(b)
del b[-1]
print(b)
del b[2:4]
print(b)
del b[::2]
print(b)
del b[:]
print(b)
c = list(range(8))
c[::-1] = list("abcdefgh")
print(c)
c[1:7:3] = ["X", "Y"]
print(c)
d = [1, 2, 3]
d[1:2] = [7, 8, 9]
print(d)
d[0:0] = "hi"
print(d)
d[-2:] = (5,)
print(d)
s = slice(1, 5, 2)
print(list(range(10))[s], "abcdefgh"[s], s.start, s.stop, s.step)
print(list(range(10))[slice(None, None, -3)])
t = (0, 1, 2, 3, 4, 5)
print(t[1:4], t[::-2], t[-2:], t[:100])
x = {"a": 1, "b": 2, "c": 3}
del x["b"]
print(x)
try:
    del x["zzz"]
except KeyError as e:
    print("KeyError:", e)
v = 5
del v
try:
    print(v)
except NameError as e:
    print("NameError:", e)
class Box:
    pass
bx = Box()
bx.attr = 1
print(hasattr(bx, "attr"))
del bx.attr
print(hasattr(bx, "attr"))
grid = [[r * 3 + c for c in range(3)] for r in range(3)]
print([row[1:] for row in grid[1:]])
mat = [row[:] for row in grid]
mat[0][0] = -1
print(grid[0][0], mat[0][0])
