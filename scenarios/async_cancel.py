"""Cancellation and timeouts: how a task is told to stop, and when it actually stops.

What it shows:
- `task.cancel()` throws CancelledError into the task at the `await` where it waits; its
  `finally` blocks run (here a cleanup that itself awaits 20 ms), and only then is it done.
- `asyncio.wait_for(job, 0.1)` cancels a slower job at 0.1 s and raises TimeoutError.
- `async with asyncio.timeout(0.1)` (Python 3.11) does the same for a whole block.
- `asyncio.shield(job)` protects a job: the waiter gives up at the timeout, the job goes on.

What to look for in the timeline: one thread, idle in `select` between the timers that drive
the run: the cancellation itself costs a few microseconds of running.
"""
import asyncio
import time

start = time.perf_counter()


def now():
    return f"{time.perf_counter() - start:.2f} s"


async def job(name, seconds):
    try:
        await asyncio.sleep(seconds)
        return f"{name} finished"
    except asyncio.CancelledError:
        print(f"  {name}: cancelled at {now()}, cleaning up")
        raise
    finally:
        await asyncio.sleep(0.02)  # cleanup may await too (as long as it is not cancelled again)
        print(f"  {name}: cleanup done at {now()}")


async def main():
    global start
    start = time.perf_counter()
    print("1. cancel() a task after 0.1 s")
    task = asyncio.create_task(job("download", 1.0))
    await asyncio.sleep(0.1)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print(f"  the task is cancelled: {task.cancelled()} at {now()}")

    start = time.perf_counter()
    print("2. wait_for with a 0.1 s timeout")
    try:
        await asyncio.wait_for(job("query", 1.0), timeout=0.1)
    except TimeoutError:
        print(f"  TimeoutError at {now()}")

    start = time.perf_counter()
    print("3. asyncio.timeout(0.1) around a block")
    try:
        async with asyncio.timeout(0.1):
            await job("step one", 0.05)
            await job("step two", 1.0)
    except TimeoutError:
        print(f"  TimeoutError at {now()}")

    start = time.perf_counter()
    print("4. shield: stop waiting, let the job finish")
    protected = asyncio.create_task(job("upload", 0.3))
    try:
        await asyncio.wait_for(asyncio.shield(protected), timeout=0.1)
    except TimeoutError:
        print(f"  gave up waiting at {now()}; the upload is done: {protected.done()}")
    print(f"  {await protected} at {now()}")


asyncio.run(main())
