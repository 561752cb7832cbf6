# Task objects: names (Task-N), reprs as CPython prints them (with the coroutine's line),
# current_task, all_tasks, done callbacks, result/exception, create_task's checks.
import asyncio


def show(x):
    print(repr(x).replace(__file__, "FILE"))


async def spin(n):
    await asyncio.sleep(0.01)
    return n


async def fail():
    await asyncio.sleep(0)
    raise KeyError("missing")


async def main():
    me = asyncio.current_task()
    print(repr(me).replace(__file__, "FILE").split(" cb=")[0])
    print(me.get_name(), me.done(), me.cancelled())
    t = asyncio.create_task(spin(1))
    show(t)
    await asyncio.sleep(0)
    show(t)
    named = asyncio.create_task(spin(2), name="worker")
    named.set_name("renamed")
    print(named.get_name(), sorted(x.get_name() for x in asyncio.all_tasks()))
    calls = []
    t.add_done_callback(lambda task: calls.append(("cb", task.result())))
    print(await t, await named, calls)
    show(t)
    f = asyncio.create_task(fail())
    await asyncio.sleep(0.001)
    show(f)
    print(repr(f.exception()), f.done(), f.cancelled())
    try:
        f.result()
    except KeyError as e:
        print("result() raises", repr(e))
    try:
        await f
    except KeyError:
        print("await raises it too")
    print(asyncio.all_tasks() == {me})
    try:
        asyncio.create_task("not a coroutine")
    except TypeError as e:
        print(e)
    try:
        t.set_result(3)
    except RuntimeError as e:
        print(e)
    print(asyncio.iscoroutinefunction(spin), asyncio.iscoroutinefunction(show))
    c = spin(0)
    print(asyncio.iscoroutine(c), asyncio.isfuture(t), asyncio.isfuture(c))
    print(await c)
    print(await asyncio.ensure_future(spin(5)))

    class Awaitable:
        def __await__(self):
            yield from asyncio.sleep(0).__await__()
            return "custom awaitable"

    print(await Awaitable(), await asyncio.ensure_future(Awaitable()))

    async def itself():
        await asyncio.sleep(0)
        return await asyncio.current_task()

    try:
        await asyncio.create_task(itself())
    except RuntimeError as e:
        print(str(e).split(":")[0])


asyncio.run(main())
try:
    asyncio.run(spin(1).__await__())
except ValueError as e:
    print(str(e).split(" at ")[0])
coro = spin(1)
asyncio.run(coro)
try:
    asyncio.run(coro)
except RuntimeError as e:
    print(e)


async def nested():
    asyncio.run(spin(1))


try:
    asyncio.run(nested())
except RuntimeError as e:
    print(e)
