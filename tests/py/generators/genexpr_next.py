# generator expressions, iter/next with default, lazy evaluation.
squares = (x * x for x in range(5))
print(type(squares).__name__)
print(next(squares), next(squares))
print(list(squares))
print(list(squares))
print(next(squares, "empty"), next(iter([]), None), next(iter("a"), "x"))
it = iter([1, 2, 3])
print(next(it), next(it), next(it), next(it, "default"), next(it, 0))
try:
    next(it)
except StopIteration:
    print("StopIteration from list iterator")
log = []
def noisy(x):
    log.append(x)
    return x
lazy = (noisy(x) for x in range(5))
print(log)
print(next(lazy), log)
print(any(noisy(x) > 2 for x in range(10)), log)
total = sum(x for x in range(10) if x % 2)
print(total)
print(sorted((c for c in "generator"), reverse=True))
print(dict((k, len(k)) for k in ["a", "bb", "ccc"]))
print(",".join(str(i) for i in range(5)))
print(max((len(w), w) for w in "the quick brown fox".split()))
nested = ((i, j) for i in range(3) for j in range(i))
print(list(nested))
def first(pred, it, default=None):
    return next((x for x in it if pred(x)), default)
print(first(lambda x: x > 10, [3, 8, 12, 20]), first(lambda x: x > 100, [1, 2], "none"))
r = iter(range(3))
print(list(zip(r, r)), list(r))
d = {"a": 1, "b": 2}
di = iter(d)
print(next(di), next(di), next(di, "end"))
si = iter("hi")
print(next(si), next(si), next(si, "!"))
g = (x for x in range(3))
print(3 in g, list(g))
g2 = (x for x in range(10))
print(5 in g2, next(g2))
def counter():
    n = 0
    while True:
        n += 1
        yield n
c = counter()
print([next(c) for _ in range(5)], next(c))
sentinel_iter = iter([1, 2, 0, 3].pop, 0) if False else iter([5, 4, 0, 3])
print(list(sentinel_iter))
