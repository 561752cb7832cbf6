# Async generators under asyncio: async for, asend/athrow/aclose, async comprehensions,
# awaits inside comprehensions, and what a generator that ignores GeneratorExit gets.
import asyncio
async def ag():
    try:
        yield 1
        yield 2
    finally:
        print("fin")
async def ag2():
    try:
        yield 1
    except ValueError as e:
        print("caught", e)
        yield 99
    yield 3
async def main():
    a = ag()
    print(await a.__anext__())
    print(await a.aclose())
    print(await a.aclose())
    try:
        await a.__anext__()
    except StopAsyncIteration:
        print("SAI")
    b = ag()
    async for x in b:
        print("x", x)
    print(await b.aclose())
    try:
        await b.athrow(ValueError)
    except BaseException as e:
        print("athrow closed:", type(e).__name__)
    c = ag2()
    print(await c.asend(None))
    print(await c.athrow(ValueError("v")))
    print(await c.__anext__())
    try:
        print(await c.__anext__())
    except StopAsyncIteration:
        print("SAI2")
    d = ag2()
    nx = d.__anext__()
    print(nx.send(None) if False else "skip")
    try:
        nx.send(None)
    except StopIteration as e:
        print("stopiter", e.value)
    try:
        nx.send(None)
    except RuntimeError as e:
        print(e)
    print([x async for x in ag2()])
    print([x async for x in ag2() if x > 1])
    g = (x * 2 async for x in ag2())
    print(type(g).__name__, [y async for y in g])
    async def sq(x):
        await asyncio.sleep(0)
        return x * x
    print([await sq(i) for i in range(4)])
    print({i: await sq(i) for i in range(3)})
    e = ag()
    await e.__anext__()
    try:
        await e.athrow(KeyError("k"))
    except KeyError as ex:
        print("KeyError out", ex)
    async def ig():
        try:
            yield 1
        finally:
            yield 2
    f = ig()
    await f.__anext__()
    try:
        await f.aclose()
    except RuntimeError as ex:
        print(ex)
asyncio.run(main())
