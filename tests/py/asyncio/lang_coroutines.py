# Coroutines without asyncio: a tiny driver sends None until StopIteration, and awaitables
# are classes with __await__. Covers await, async with, async for, async generators,
# async comprehensions, send/throw/close and CPython's messages.


class Yield:
    """An awaitable that yields `value` once to the driver and returns what it is sent."""

    def __init__(self, value):
        self.value = value

    def __await__(self):
        got = yield self.value
        return got


def run(coro, sends=()):
    """Drive `coro`; print what it yields; return its result."""
    sends = list(sends)
    value = None
    while True:
        try:
            out = coro.send(value)
        except StopIteration as e:
            return e.value
        print("  yielded", out)
        value = sends.pop(0) if sends else None


def show(fn):
    try:
        print("  ->", fn())
    except BaseException as e:
        print("  raised", type(e).__name__ + ":", e)


async def add(a, b):
    x = await Yield("first")
    y = await Yield("second")
    return a + b + (x or 0) + (y or 0)


print("await chain")
print(run(add(1, 2)))
print(run(add(1, 2), sends=[10, 20]))


async def outer():
    r = await add(3, 4)
    return r * 2


print(run(outer()))

print("types and reprs")
c = add(1, 1)
print(type(c).__name__, repr(c).startswith("<coroutine object add at 0x"))
print(c.__name__, c.__qualname__, c.cr_running, c.cr_await)
print(c.cr_code.co_name, c.cr_frame.f_lineno)
c.send(None)
print(c.cr_frame.f_lineno, type(c.cr_await).__name__)
c.close()
print(c.cr_frame)

print("errors")
show(lambda: iter(add(1, 2)))
show(lambda: next(add(1, 2)))
c = add(1, 2)
show(lambda: c.send(5))
c.close()


async def ret1():
    return 1


c = ret1()
show(lambda: c.send(None))
show(lambda: c.send(None))
show(lambda: c.throw(ValueError("late")))


async def await_it(x):
    return await x


show(lambda: run(await_it(3)))
show(lambda: run(await_it("s")))


class BadAwait:
    def __await__(self):
        return 5


show(lambda: run(await_it(BadAwait())))


async def raises_stop():
    raise StopIteration


show(lambda: run(raises_stop()))

print("throw reaches the innermost await")


async def inner():
    try:
        await Yield("inner waiting")
    except KeyError as e:
        print("  inner caught", e)
        return "recovered"
    finally:
        print("  inner finally")


async def middle():
    try:
        r = await inner()
        print("  middle got", r)
        await Yield("middle waiting")
    finally:
        print("  middle finally")
    return "done"


m = middle()
print(m.send(None))
print(m.throw(KeyError("k")))
show(lambda: m.send(None))
m = middle()
m.send(None)
m.close()
print("closed", m.cr_frame)

print("async with")


class Manager:
    def __init__(self, name, swallow=False):
        self.name = name
        self.swallow = swallow

    async def __aenter__(self):
        print("  enter", self.name)
        await Yield("entering " + self.name)
        return self.name.upper()

    async def __aexit__(self, typ, exc, tb):
        print("  exit", self.name, typ.__name__ if typ else None, exc)
        await Yield("exiting " + self.name)
        return self.swallow


async def use_managers():
    async with Manager("a") as a, Manager("b") as b:
        print("  body", a, b)
    async with Manager("c", swallow=True):
        raise ValueError("swallowed")
    try:
        async with Manager("d"):
            raise ValueError("escapes")
    except ValueError as e:
        print("  caught", e)
    for i in range(3):
        async with Manager("loop"):
            if i == 1:
                break
    return "managers done"


print(run(use_managers()))


async def bad_with():
    async with 3:
        pass


show(lambda: run(bad_with()))

print("async for")


class Countdown:
    def __init__(self, n):
        self.n = n

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.n == 0:
            raise StopAsyncIteration
        await Yield("tick")
        self.n -= 1
        return self.n


async def use_async_for():
    async for x in Countdown(3):
        print("  got", x)
    else:
        print("  else ran")
    async for x in Countdown(5):
        if x == 3:
            continue
        if x == 1:
            break
        print("  got", x)
    return [x async for x in Countdown(3)]


print(run(use_async_for()))


async def bad_for():
    async for x in 3:
        pass


show(lambda: run(bad_for()))

print("async generators")


async def agen(n):
    try:
        for i in range(n):
            got = await Yield("agen wait")
            yield i * 10
    finally:
        print("  agen finally")


async def use_agen():
    out = []
    async for v in agen(3):
        out.append(v)
    g = agen(5)
    first = await g.__anext__()
    second = await g.asend(None)
    await g.aclose()
    try:
        await g.__anext__()
    except StopAsyncIteration:
        print("  exhausted after aclose")
    squares = [x * x async for x in agen(3) if x]
    doubled = {x: x * 2 async for x in agen(2)}
    ge = (x + 1 async for x in agen(2))
    print(" ", type(ge).__name__, type(agen(1)).__name__)
    from_ge = [y async for y in ge]
    return out, first, second, squares, doubled, from_ge


print(run(use_agen()))


async def sq(x):
    await Yield("sq")
    return x * x


async def await_in_comprehension():
    return [await sq(i) for i in range(3)], {await sq(i) for i in [2, 2]}


print(run(await_in_comprehension()))
show(lambda: list(agen(1)))
