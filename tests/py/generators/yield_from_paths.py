# `yield from` a generator (run in the delegating frame's loop): values, send() through it,
# return values, exceptions thrown in and raised out, close(), StopIteration -> RuntimeError,
# nesting, already-running and exhausted subgenerators, finalization mid-iteration.
import sys


def inner(n):
    got = []
    for i in range(n):
        v = yield i
        got.append(v)
    return ("inner done", got)


def outer(n):
    r = yield from inner(n)
    print("outer got", r)
    r2 = yield from inner(1)
    return r2


print(list(outer(3)))
print(sum(outer(4)))
for x in outer(2):
    print("for", x)

# send() through yield from
g = outer(3)
print(next(g))
print(g.send("a"))
print(g.send("b"))
try:
    g.send("c")
    print(g.send("d"))
except StopIteration as e:
    print("stop", e.value)


# return value passing, nested three deep
def leaf():
    yield "leaf"
    return 1


def mid():
    a = yield from leaf()
    b = yield from leaf()
    return a + b


def top():
    total = yield from mid()
    total += yield from mid()
    yield total


print(list(top()))
print([x for x in top()])


# exceptions raised inside the subgenerator reach the delegating frame
def raiser():
    yield 1
    raise KeyError("from raiser")


def catcher():
    try:
        yield from raiser()
    except KeyError as e:
        print("caught", e)
        yield "recovered"


print(list(catcher()))


def uncaught():
    yield from raiser()


try:
    print(list(uncaught()))
except KeyError as e:
    print("out", e)


# throw() into a generator delegating
def tolerant():
    while True:
        try:
            yield "ok"
        except ValueError as e:
            print("tolerant caught", e)
            return "tolerant returned"


def delegator():
    r = yield from tolerant()
    print("delegator got", r)
    yield "after"


g = delegator()
print(next(g), next(g))
print(g.throw(ValueError("v1")))
try:
    next(g)
except StopIteration:
    print("stopped")

g = delegator()
next(g)
try:
    g.throw(TypeError("t1"))
except TypeError as e:
    print("propagated", e)
print(list(g))


# close() while delegating
def guarded():
    try:
        yield 1
        yield 2
    finally:
        print("guarded finally")


def closer():
    try:
        yield from guarded()
    finally:
        print("closer finally")


g = closer()
print(next(g))
g.close()
print(list(g))


# StopIteration raised in the subgenerator
def bad():
    yield 1
    raise StopIteration("bad")


def via():
    try:
        yield from bad()
    except RuntimeError as e:
        print("RuntimeError", e, type(e.__cause__).__name__)
        yield "done"


print(list(via()))


# exhausted and running subgenerators
def empty():
    return "empty"
    yield


def uses_empty():
    r = yield from empty()
    yield r


print(list(uses_empty()))
ex = inner(1)
list(ex)


def again():
    r = yield from ex
    yield ("again", r)


print(list(again()))


def selfref():
    yield 1
    yield from me


me = selfref()
try:
    print(list(me))
except ValueError as e:
    print("ValueError", e)


# yield from of a non-generator iterator and of a started generator
def mixed():
    yield from [1, 2]
    yield from range(3, 5)
    g = inner(4)
    next(g)
    yield from g


print(list(mixed()))


# finalization of objects in a subgenerator dropped mid-iteration
class Noisy:
    def __init__(self, i):
        self.i = i

    def __del__(self):
        print("del", self.i)


def noisy():
    for i in range(3):
        n = Noisy(i)
        yield i
        print("after", i)


def wraps():
    yield from noisy()


g = wraps()
print(next(g), next(g))
del g
print("dropped")
for x in wraps():
    print("got", x)


# recursion: deep chains of yield from
def chain(d):
    if d == 0:
        yield "bottom"
        return "up"
    r = yield from chain(d - 1)
    return r


def drive(d):
    r = yield from chain(d)
    yield r


print(list(drive(100)))
sys.setrecursionlimit(300)
try:
    print(len(list(drive(1000))))
except RecursionError:
    print("RecursionError")


# generators consumed by a for inside a delegated generator, and vice versa
def evens(it):
    for x in it:
        if x % 2 == 0:
            yield x


def pipeline(n):
    yield from evens(inner(n))
    for y in outer(2):
        yield y * 10


print(list(pipeline(7)))
print(sum(x for x in pipeline(9)))
