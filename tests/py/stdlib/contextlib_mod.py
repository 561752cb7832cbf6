# contextlib: @contextmanager (also as a decorator), @asynccontextmanager, suppress, closing,
# nullcontext, ExitStack and AsyncExitStack, with what happens to exceptions on the way out.
import asyncio
from contextlib import (asynccontextmanager, closing, contextmanager, ExitStack,
                        AsyncExitStack, nullcontext, suppress)


@contextmanager
def tag(name):
    print(f"<{name}>")
    try:
        yield name.upper()
    finally:
        print(f"</{name}>")


with tag("a") as a, tag("b") as b:
    print("inside", a, b)


@contextmanager
def swallow(kind):
    try:
        yield
    except kind as e:
        print("swallowed", type(e).__name__, e)


with swallow(KeyError):
    {}["missing"]
print("after swallow")

try:
    with swallow(KeyError):
        raise ValueError("not mine")
except ValueError as e:
    print("passed through:", e)


@tag("deco")
def decorated(x):
    print("running with", x)
    return x * 2


print(decorated(3), decorated(4), decorated.__name__)


@contextmanager
def no_yield():
    if False:
        yield


try:
    with no_yield():
        pass
except RuntimeError as e:
    print("RuntimeError:", e)


@contextmanager
def two_yields():
    yield 1
    yield 2


try:
    with two_yields():
        pass
except RuntimeError as e:
    print("RuntimeError:", e)

with suppress(ZeroDivisionError, KeyError):
    1 / 0
print("suppressed")


class Resource:
    def close(self):
        print("closed")


with closing(Resource()) as r:
    print("using", type(r).__name__)

with nullcontext(42) as v:
    print("null", v)

with ExitStack() as stack:
    names = [stack.enter_context(tag(n)) for n in "xyz"]
    stack.callback(print, "callback ran", "first")
    print("entered", names)

with ExitStack() as stack:
    stack.push(lambda *exc: print("push saw", exc[0].__name__) or True)
    raise IndexError("dropped")
print("exit stack suppressed it")

with ExitStack() as outer:
    inner = ExitStack()
    inner.callback(print, "moved callback")
    moved = inner.pop_all()
    print("inner closed, nothing ran")
    inner.close()
moved.close()


@asynccontextmanager
async def session(name):
    print("open", name)
    await asyncio.sleep(0)
    try:
        yield name
    finally:
        await asyncio.sleep(0)
        print("close", name)


async def main():
    async with session("s1") as s:
        print("in", s)
    try:
        async with session("s2"):
            raise KeyError("k")
    except KeyError as e:
        print("KeyError", e)
    async with AsyncExitStack() as stack:
        got = [await stack.enter_async_context(session(n)) for n in ("p", "q")]
        stack.callback(print, "sync callback")
        print("stack", got)


asyncio.run(main())
