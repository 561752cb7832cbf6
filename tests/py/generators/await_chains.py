# `await` chains of coroutines (run in the awaiting frame's loop): return values, exceptions,
# cancellation thrown down the chain, reuse of an awaited coroutine, custom __await__
# generators receiving sent values, and coroutines driven by hand with send() / throw().
import asyncio


async def leaf(i):
    await asyncio.sleep(0)
    return i * 2


async def middle(i):
    a = await leaf(i)
    b = await leaf(i + 1)
    return a + b


async def fails(i):
    await asyncio.sleep(0)
    raise ValueError("fails %d" % i)


async def catches():
    try:
        await fails(1)
    except ValueError as e:
        return "caught " + str(e)


async def slow():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("slow cancelled")
        raise


async def wraps_slow():
    try:
        await slow()
    finally:
        print("wraps_slow finally")


class Awaitable:
    def __await__(self):
        got = yield "custom"
        return ("custom got", got)


async def awaits_custom():
    return await Awaitable()


async def main():
    print(await middle(1))
    print(await asyncio.gather(*(middle(i) for i in range(5))))
    print(await catches())
    try:
        await fails(2)
    except ValueError as e:
        print("main caught", e)
    t = asyncio.create_task(wraps_slow())
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("task cancelled")
    c = leaf(5)
    print(await c)
    try:
        await c
    except RuntimeError as e:
        print("RuntimeError", e)


asyncio.run(main())

# by hand: send() values into a custom __await__ through two coroutine frames
c = awaits_custom()
print(c.send(None))
try:
    c.send(42)
except StopIteration as e:
    print("returned", e.value)


async def two_levels():
    r = await awaits_custom()
    return ("two", r)


c = two_levels()
print(c.send(None))
try:
    c.throw(KeyError("k"))
except KeyError as e:
    print("thrown out", e)
c = two_levels()
print(c.send(None))
c.close()
print("closed")


async def bad_stop():
    raise StopIteration("x")


async def awaits_bad():
    try:
        await bad_stop()
    except RuntimeError as e:
        return "RuntimeError " + str(e)


c = awaits_bad()
try:
    c.send(None)
except StopIteration as e:
    print(e.value)
