# yield, generator state, exhaustion, StopIteration.
def count_up(n):
    print("  start")
    i = 0
    while i < n:
        print("  yielding", i)
        yield i
        i += 1
    print("  end")
g = count_up(3)
print("created", type(g).__name__)
print(next(g))
print(next(g))
print(next(g))
try:
    next(g)
except StopIteration as e:
    print("StopIteration", e.args)
try:
    next(g)
except StopIteration:
    print("still exhausted")
print(list(count_up(2)))
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
f = fib()
print([next(f) for _ in range(15)])
def evens(limit):
    for n in range(limit):
        if n % 2 == 0:
            yield n
print(list(evens(11)), sum(evens(100)), max(evens(7)))
def returns_value():
    yield 1
    return "the result"
r = returns_value()
print(next(r))
try:
    next(r)
except StopIteration as e:
    print("return value:", e.value, e.args)
def empty():
    return
    yield
print(list(empty()))
def with_finally():
    try:
        yield "a"
        yield "b"
    finally:
        print("  cleanup ran")
print(list(with_finally()))
w = with_finally()
print("got", next(w))
w.close()
print("after close")
gen = (c for c in "xyz")
print(iter(gen) is gen, next(gen), list(gen))
def interleave(a, b):
    ia, ib = iter(a), iter(b)
    while True:
        try:
            yield next(ia)
        except StopIteration:
            yield from ib
            return
        ia, ib = ib, ia
print(list(interleave([1, 2, 3, 4], "ab")))
def take(n, it):
    for i, x in enumerate(it):
        if i >= n:
            return
        yield x
print(list(take(5, fib())), list(take(3, "ab")))
def gen_with_state():
    total = 0
    for i in range(1, 6):
        total += i
        yield total
s = gen_with_state()
print(list(zip(s, s)))
def lines():
    yield "alpha"
    yield "beta"
for i, line in enumerate(lines(), 1):
    print(i, line)
a, b = lines()
print(a, b)
def raises_inside():
    yield 1
    raise ValueError("from generator")
try:
    for v in raises_inside():
        print("v", v)
except ValueError as e:
    print("ValueError:", e)
