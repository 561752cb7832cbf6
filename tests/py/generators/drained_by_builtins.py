# sum(), list(), tuple(), sorted() draining generators: values, exhaustion, errors,
# mixed types, the generator seen suspended by Python code run between items.
import sys


def count(n):
    i = 0
    while i < n:
        yield i
        i += 1


def mixed():
    yield 1
    yield 2.5
    yield 3
    yield 2 ** 70
    yield 4
    yield 0.5


print(sum(count(10)), sum(count(0)), sum(count(5), 100), sum(count(4), 0.5))
print(sum(mixed()))
print(sum(x * 2**61 for x in range(10)))
print(list(count(5)), tuple(count(3)), sorted(x % 3 for x in count(7)))
print(list(count(0)), tuple(count(0)))

# a started generator, then drained
g = count(6)
print(next(g), next(g), list(g), list(g), sum(g))


# values sent into the yields are None while draining
def echo():
    got = []
    for i in range(4):
        v = yield i
        got.append(v)
    print("echo got", got)


print(list(echo()))
print(sum(echo()))


class Vec:
    def __init__(self, x):
        self.x = x

    def __add__(self, other):
        if isinstance(other, Vec):
            return Vec(self.x + other.x)
        return Vec(self.x + other)

    def __radd__(self, other):
        # Python code between items: the generator is suspended, not running
        print("radd", other, gen_state())
        return Vec(other + self.x)


def vecs():
    yield 1
    yield Vec(10)
    yield 2
    yield Vec(20)


gv = None


def gen_state():
    return gv.gi_running if gv is not None else None


gv = vecs()
r = sum(gv)
print("vec sum", r.x)


# errors from the generator reach the builtin's caller; the generator is finished after
def fails(n):
    yield from range(n)
    raise ValueError("boom at %d" % n)


for f in (sum, list, tuple, sorted):
    g = fails(3)
    try:
        f(g)
    except ValueError as e:
        print(f.__name__, "raised", e)
    print(f.__name__, "after", list(g))


# StopIteration raised inside becomes RuntimeError
def stops():
    yield 1
    raise StopIteration("inner")


for f in (sum, list):
    try:
        f(stops())
    except RuntimeError as e:
        print(f.__name__, "RuntimeError", e, type(e.__cause__).__name__)


# a generator already running can't be drained by itself
def selfish():
    yield 1
    yield sum(me)


me = selfish()
try:
    print(list(me))
except ValueError as e:
    print("ValueError", e)


# close() / finalization mid-iteration, and finally blocks
def guarded(n):
    try:
        for i in range(n):
            yield i
    finally:
        print("guarded finally", n)


print(sum(guarded(3)))
g = guarded(5)
print(next(g), next(g))
g.close()
print(list(g))


class Noisy:
    def __init__(self, i):
        self.i = i

    def __del__(self):
        print("del", self.i)


def noisy(n):
    for i in range(n):
        yield Noisy(i)
        print("after yield", i)


items = list(noisy(3))
print(len(items))
while items:
    items.pop()
print(sum(1 for _ in noisy(3)))


# deep recursion: draining inside recursion near the limit
def nest(d):
    if d == 0:
        return sum(count(3))
    return nest(d - 1)


print(nest(50))
sys.setrecursionlimit(1000)


def deep(d):
    return deep(d + 1) + sum(count(2))


try:
    deep(0)
except RecursionError:
    print("RecursionError")

# generator expressions over generators, nested draining
print(sum(sum(count(i)) for i in count(20)))
print(list(list(count(i)) for i in count(4)))
print(sorted((x for x in count(10)), key=lambda v: -v))
print(tuple(x for x in mixed()))


# any() / all() stop early and leave the generator suspended where it stopped
class Truthy:
    def __init__(self, t):
        self.t = t

    def __bool__(self):
        print("bool of", self.t, "running:", ag.gi_running)
        return self.t


def values(*vs):
    for v in vs:
        print("yielding", v if not isinstance(v, Truthy) else "Truthy")
        yield v


ag = values(0, None, False, 0, 3, 4)
print(any(ag), list(ag))
ag = values(1, True, 2, 0, 5)
print(all(ag), list(ag))
ag = values(0, Truthy(False), "", [], Truthy(True), 9)
print(any(ag), list(ag))
ag = values(1, Truthy(True), "x", [1], Truthy(False), 9)
print(all(ag), list(ag))
ag = values()
print(any(ag), all(ag))
print(any(x > 5 for x in count(10)), all(x < 5 for x in count(10)))
print(any(x > 50 for x in count(10)), all(x < 50 for x in count(10)))
try:
    any(fails(2))
except ValueError as e:
    print("any raised", e)
try:
    all(stops())
except RuntimeError as e:
    print("all raised", e)
