# tuples.
t = (1, 2, 3)
print(t, len(t), t[0], t[-1], t[1:], t + (4,), t * 2)
print((), (1,), (1), tuple(), tuple([1, 2]), tuple("ab"), tuple(range(3)))
print(t.count(2), t.index(3), 2 in t, 5 in t)
print((1, 2) < (1, 3), (1, 2, 3) > (1, 2), (1, "a") == (1, "a"))
try:
    t[0] = 99
except TypeError as e:
    print("TypeError:", e)
nested = ((1, 2), (3, (4, 5)))
print(nested[1][1][0], nested)
x, y = 10, 20
x, y = y, x
print(x, y)
a = b = c = 0
print(a, b, c)
pair = 1, 2
print(pair, type(pair).__name__)
mixed = (1, "two", [3], None)
mixed[2].append(4)
print(mixed)
print(hash((1, 2)) == hash((1, 2)), hash(()) == hash(()))
d = {(0, 0): "origin", (1, 0): "east"}
print(d[(0, 0)], d[1, 0])
points = [(3, 1), (1, 2), (2, 0), (1, 1)]
print(sorted(points), max(points), min(points, key=lambda p: p[1]))
print(sum((1, 2, 3)), tuple(reversed(t)), tuple(sorted((3, 1, 2))))
def stats(nums):
    return min(nums), max(nums), sum(nums) / len(nums)
lo, hi, avg = stats([4, 8, 15, 16, 23, 42])
print(lo, hi, avg)
print(stats((1, 2)))
singleton = ("only",)
print(singleton, len(singleton), repr((1,)), str(("a", 1)))
