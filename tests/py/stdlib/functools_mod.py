import functools
from functools import partial, reduce, wraps, lru_cache
def power(base, exp):
    return base ** exp
square = partial(power, exp=2)
cube = partial(power, exp=3)
two_to = partial(power, 2)
print(square(5), cube(3), two_to(10), square.func is power, square.args, square.keywords)
int2 = partial(int, base=2)
print(int2("1011"), int2("111"))
print(reduce(lambda a, b: a + b, [1, 2, 3, 4]), reduce(lambda a, b: a * b, range(1, 8), 1), reduce(max, [3, 9, 2]))
print(reduce(lambda acc, w: acc + len(w), ["ab", "cde"], 0), reduce(lambda a, b: b + a, "abc"))
try:
    reduce(lambda a, b: a + b, [])
except TypeError as e:
    print("TypeError:", e)
calls = []
@lru_cache(maxsize=None)
def fib(n):
    calls.append(n)
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(100), len(calls))
print(fib(50), len(calls))
info = fib.cache_info()
print(info.hits, info.misses, info.currsize)
fib.cache_clear()
print(fib.cache_info().currsize)
@lru_cache(maxsize=2)
def ident(x):
    calls.append(("ident", x))
    return x
calls.clear()
for x in [1, 2, 1, 3, 1, 2]:
    ident(x)
print(calls)
@functools.cache
def ways(n):
    if n < 0:
        return 0
    if n == 0:
        return 1
    return ways(n - 1) + ways(n - 2) + ways(n - 3)
print(ways(30))
def logged(fn):
    @wraps(fn)
    def inner(*a, **k):
        return fn(*a, **k)
    return inner
@logged
def documented(x):
    "Documented function."
    return x
print(documented.__name__, documented.__doc__, documented.__wrapped__.__name__)
@functools.total_ordering
class N:
    def __init__(self, v):
        self.v = v
    def __eq__(self, o):
        return self.v == o.v
    def __lt__(self, o):
        return self.v < o.v
print(N(1) < N(2), N(2) <= N(2), N(3) > N(2), N(1) >= N(2))
print(sorted([3, 1, 2], key=functools.cmp_to_key(lambda a, b: b - a)))
