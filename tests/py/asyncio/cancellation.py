# Task.cancel(): CancelledError is thrown in at the innermost await, cleanup runs,
# the task may catch it; cancelled(), cancelling(), uncancel(), messages; shield().
import asyncio


async def sleeper(name, delay, log):
    try:
        log.append(f"{name} sleeping")
        await asyncio.sleep(delay)
        log.append(f"{name} woke")
        return name
    except asyncio.CancelledError as e:
        log.append(f"{name} cancelled args={e.args}")
        raise
    finally:
        log.append(f"{name} cleanup")


async def stubborn(log):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        log.append("stubborn caught it")
    await asyncio.sleep(0)
    return "survived"


async def inner_awaiter(log):
    async def deep():
        try:
            await asyncio.sleep(10)
        finally:
            log.append("deep finally")

    try:
        await deep()
    finally:
        log.append("inner_awaiter finally")


async def main():
    log = []
    t = asyncio.create_task(sleeper("a", 10, log))
    await asyncio.sleep(0)
    print("cancel returns", t.cancel(), "cancelling", t.cancelling(), "done", t.done())
    try:
        await t
    except asyncio.CancelledError:
        print("awaiting a cancelled task raises CancelledError")
    print(t.cancelled(), t.done(), log)
    print("cancel again", t.cancel())
    try:
        t.result()
    except asyncio.CancelledError as e:
        print("result() raises", type(e).__name__)
    try:
        t.exception()
    except asyncio.CancelledError:
        print("exception() raises CancelledError too")

    # cancelled before it ever ran: the coroutine never starts
    log = []
    t = asyncio.create_task(sleeper("b", 10, log))
    t.cancel("early")
    try:
        await t
    except asyncio.CancelledError as e:
        print("early cancel", e.args, log)

    # with a message
    log = []
    t = asyncio.create_task(sleeper("c", 10, log))
    await asyncio.sleep(0)
    t.cancel(msg="stop now")
    await asyncio.gather(t, return_exceptions=True)
    print(log)

    # a task that swallows the cancellation finishes normally
    log = []
    t = asyncio.create_task(stubborn(log))
    await asyncio.sleep(0)
    t.cancel()
    print(await t, t.cancelled(), t.cancelling(), t.uncancel(), log)

    # cleanup runs at every level
    log = []
    t = asyncio.create_task(inner_awaiter(log))
    await asyncio.sleep(0.01)
    t.cancel()
    r = await asyncio.gather(t, return_exceptions=True)
    print(type(r[0]).__name__, log)

    # shield: the outer await is cancelled, the inner task goes on
    log = []
    inner = asyncio.create_task(sleeper("shielded", 0.02, log))

    async def waits_shielded():
        return await asyncio.shield(inner)

    outer = asyncio.create_task(waits_shielded())
    await asyncio.sleep(0.005)
    outer.cancel()
    r = await asyncio.gather(outer, return_exceptions=True)
    print("outer:", type(r[0]).__name__, "inner done:", inner.done())
    print("inner result:", await inner, log)

    # cancelling the awaiting task cancels what it awaits (a task)
    log = []
    child = asyncio.create_task(sleeper("child", 10, log))

    async def parent():
        return await child

    p = asyncio.create_task(parent())
    await asyncio.sleep(0)
    p.cancel()
    await asyncio.gather(p, return_exceptions=True)
    print("child cancelled too:", child.cancelled(), log)

    # CancelledError is a BaseException, not an Exception
    print(issubclass(asyncio.CancelledError, Exception), issubclass(asyncio.CancelledError, BaseException))

    # gather cancelled: its children are cancelled
    log = []
    g = asyncio.gather(sleeper("g1", 10, log), sleeper("g2", 10, log))
    await asyncio.sleep(0)
    print("gather.cancel()", g.cancel())
    try:
        await g
    except asyncio.CancelledError:
        print("gather cancelled", sorted(log))


asyncio.run(main())
