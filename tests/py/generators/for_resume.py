# `for` over generators, which gilsim resumes inside its interpreter loop: exhaustion,
# errors out of the generator (StopIteration becoming RuntimeError), re-entry, nesting,
# `yield from` inside, calls inside, break then close, and finalization order.
import sys


class Noisy:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name)


def count(n):
    i = 0
    while i < n:
        yield i
        i += 1
    return "done"


def add(a, b):
    return a + b


def with_calls(n):
    for i in count(n):
        yield add(i, 10)


def nested(n):
    for x in with_calls(n):
        for y in count(2):
            yield x * 10 + y


def delegating(n):
    yield from count(n)
    yield "mid"
    r = yield from count(2)
    yield r


def raising(n, exc):
    for i in range(n):
        yield i
    raise exc


def stop_inside():
    yield 1
    raise StopIteration("inner")


def handled_inside():
    try:
        for x in raising(2, KeyError("k")):
            yield x
    except KeyError as e:
        yield "caught " + repr(e)
    yield "after"


def holder(tag):
    a = Noisy(tag + "-local")
    yield 1
    b = Noisy(tag + "-second")
    yield 2
    print("holder", tag, "ends", a.name, b.name)


def main():
    print(sum(x for x in count(5)))
    for x in count(3):
        print("count", x)
    t = 0
    for x in with_calls(4):
        t += x
    print("with_calls", t)
    print("nested", [v for v in nested(2)])
    out = []
    for v in delegating(2):
        out.append(v)
    print("delegating", out)
    try:
        for x in raising(2, ValueError("boom")):
            print("raising", x)
    except ValueError as e:
        print("caught", repr(e))
    try:
        for x in stop_inside():
            print("stop_inside", x)
    except RuntimeError as e:
        print("runtime", e, repr(e.__cause__))
    print("handled", list(handled_inside()))
    g = count(5)
    for x in g:
        if x == 2:
            break
    print("after break", next(g), g.gi_running, g.gi_frame is not None)
    for x in g:
        print("resumed", x)
    print("exhausted", list(g), g.gi_frame)
    for x in holder("a"):
        print("holder item", x)
    print("holder a done")
    h = holder("b")
    for x in h:
        print("holder item", x)
        break
    del h
    print("holder b dropped")

    def reenter():
        for x in gen:
            yield x

    gen = reenter()
    try:
        for x in gen:
            print("never", x)
    except ValueError as e:
        print("reenter", e)

    def running_state():
        yield gs.gi_running
        yield "second"

    gs = running_state()
    for x in gs:
        print("state", x)

    def deep(n):
        if n == 0:
            yield "bottom"
            return
        for x in deep(n - 1):
            yield x

    try:
        for x in deep(5000):
            print(x)
    except RecursionError as e:
        print("recursion", type(e).__name__)
    print("deep ok", list(deep(50)))

    def exc_state():
        try:
            raise KeyError("outer")
        except KeyError:
            for x in count(1):
                yield sys.exc_info()[0].__name__
        yield sys.exc_info()[0]

    print("exc_state", list(exc_state()))
    for x in exc_state():
        print("exc_state item", x)


main()
