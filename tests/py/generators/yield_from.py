# yield from, with return values and delegation.
def inner(n):
    for i in range(n):
        yield i
    return f"inner({n}) done"
def outer():
    r1 = yield from inner(2)
    print("  r1 =", r1)
    r2 = yield from inner(3)
    print("  r2 =", r2)
    yield from ["list", "items"]
    yield from "ab"
    return "outer done"
g = outer()
out = []
while True:
    try:
        out.append(next(g))
    except StopIteration as e:
        print("final:", e.value)
        break
print(out)
def flatten(x):
    for item in x:
        if isinstance(item, (list, tuple)):
            yield from flatten(item)
        else:
            yield item
print(list(flatten([1, [2, (3, 4)], [[5, [6]]], 7])))
def tree(depth, prefix=""):
    if depth == 0:
        yield prefix
        return
    yield from tree(depth - 1, prefix + "L")
    yield from tree(depth - 1, prefix + "R")
print(list(tree(3)))
def chain(*its):
    for it in its:
        yield from it
print(list(chain(range(3), "xy", (9,), {5: 0})))
def summing():
    total = 0
    while True:
        x = yield
        if x is None:
            return total
        total += x
def delegator(results):
    while True:
        r = yield from summing()
        results.append(r)
results = []
d = delegator(results)
next(d)
for v in [1, 2, 3, None, 10, 20, None]:
    d.send(v)
print(results)
def gen_range(a, b):
    yield from range(a, b)
print(list(gen_range(3, 8)), sum(gen_range(0, 101)))
def numbered(it):
    n = yield from enumerate(it)
    return n
print(list(numbered("abc")))
