# wait_for timeouts, asyncio.timeout()/timeout_at(), wait() with return_when, as_completed.
import asyncio
import time


async def job(name, delay, log=None):
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        if log is not None:
            log.append(f"{name} cancelled")
        raise
    return name


async def boom(delay):
    await asyncio.sleep(delay)
    raise ValueError("boom")


async def main():
    print(await asyncio.wait_for(job("fast", 0.01), timeout=1))
    log = []
    try:
        await asyncio.wait_for(job("slow", 1, log), timeout=0.02)
    except TimeoutError as e:
        print("wait_for timed out:", type(e).__name__, asyncio.TimeoutError is TimeoutError, log)
    print(await asyncio.wait_for(job("none", 0.001), None))
    try:
        await asyncio.wait_for(job("zero", 0.01), 0)
    except TimeoutError:
        print("timeout 0 times out at once")

    t0 = time.perf_counter()
    try:
        await asyncio.wait_for(job("slow", 1), timeout=0.05)
    except asyncio.TimeoutError:
        elapsed = time.perf_counter() - t0
        print("timed out after the timeout, well before the job:", 0.05 <= elapsed < 0.2)

    # asyncio.timeout (3.11)
    log = []
    try:
        async with asyncio.timeout(0.02) as cm:
            print("cm before:", cm.expired())
            await job("in-timeout", 1, log)
    except TimeoutError as e:
        print("timeout() raised TimeoutError, cause:", type(e.__cause__).__name__, "expired:", cm.expired(), log)
    async with asyncio.timeout(1) as cm:
        r = await job("quick", 0.001)
    print(r, cm.expired())
    async with asyncio.timeout(None) as cm:
        await asyncio.sleep(0)
    print("no deadline", cm.when())
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout_at(loop.time() + 0.01):
            await asyncio.sleep(1)
    except TimeoutError:
        print("timeout_at expired")
    try:
        async with asyncio.timeout(0.01) as cm:
            cm.reschedule(None)
            await asyncio.sleep(0.02)
        print("rescheduled to never: finished")
    except TimeoutError:
        print("unexpected timeout")

    # wait(): sets of done and pending, by return_when
    tasks = [asyncio.create_task(job(n, d)) for n, d in (("t1", 0.01), ("t2", 0.03), ("t3", 0.05))]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print("FIRST_COMPLETED", sorted(t.result() for t in done), len(pending))
    done, pending = await asyncio.wait(tasks, timeout=0.025)
    print("timeout", sorted(t.result() for t in done), len(pending))
    done, pending = await asyncio.wait(tasks)
    print("ALL_COMPLETED", sorted(t.result() for t in done), len(pending))

    tasks = [asyncio.create_task(boom(0.01)), asyncio.create_task(job("late", 0.05))]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    print("FIRST_EXCEPTION", [repr(t.exception()) for t in done], len(pending))
    for t in pending:
        t.cancel()

    for bad in ([], asyncio.sleep(0)):
        try:
            await asyncio.wait(bad)
        except (ValueError, TypeError) as e:
            print(type(e).__name__, e)
        if asyncio.iscoroutine(bad):
            bad.close()
    try:
        await asyncio.wait([asyncio.create_task(job("x", 0))], return_when="SOMETIMES")
    except ValueError as e:
        print(e)

    # as_completed: results in completion order
    coros = [job("c", 0.03), job("a", 0.01), job("b", 0.02)]
    for f in asyncio.as_completed(coros):
        print("as_completed ->", await f)
    try:
        for f in asyncio.as_completed([job("never", 1)], timeout=0.01):
            await f
    except TimeoutError:
        print("as_completed timed out")


asyncio.run(main())
