# to_thread and run_in_executor: blocking calls on the loop's default thread pool
# (threads named asyncio_0, asyncio_1, ...), call_soon_threadsafe from another thread,
# run_coroutine_threadsafe.
import asyncio
import threading
import time


def blocking(name, delay):
    time.sleep(delay)
    return f"{name} on {threading.current_thread().name}"


def fails():
    raise ValueError("in a thread")


async def ticker(log, n):
    for i in range(n):
        log.append(i)
        await asyncio.sleep(0.01)


async def main():
    loop = asyncio.get_running_loop()
    print(await asyncio.to_thread(blocking, "first", 0.01))
    # three at once need three workers
    results = await asyncio.gather(*(asyncio.to_thread(blocking, f"job{i}", 0.05) for i in range(3)))
    # which worker takes which job is a race in CPython: show the jobs and the workers
    print(sorted(r.split(" on ")[0] for r in results), sorted(r.split(" on ")[1] for r in results))
    # an idle worker is reused (which one is a race)
    print((await loop.run_in_executor(None, blocking, "again", 0)).startswith("again on asyncio_"))
    try:
        await asyncio.to_thread(fails)
    except ValueError as e:
        print("error crossed over:", e)
    print(await asyncio.to_thread(lambda **kw: sorted(kw), b=1, a=2))

    # the loop keeps running while threads block
    log = []
    t0 = time.perf_counter()
    await asyncio.gather(ticker(log, 5), asyncio.to_thread(time.sleep, 0.05))
    print("ticks while a thread slept:", log, time.perf_counter() - t0 < 0.09)

    # call_soon_threadsafe wakes a waiting loop
    fut = loop.create_future()

    def from_thread():
        time.sleep(0.02)
        loop.call_soon_threadsafe(fut.set_result, "set from " + threading.current_thread().name)

    th = threading.Thread(target=from_thread, name="helper")
    th.start()
    print(await fut)
    th.join()

    async def add(a, b):
        await asyncio.sleep(0.01)
        return a + b

    cf = await asyncio.to_thread(lambda: asyncio.run_coroutine_threadsafe(add(2, 3), loop))
    print("run_coroutine_threadsafe ->", await asyncio.to_thread(cf.result))
    print(sorted(t.name for t in threading.enumerate() if t.name.startswith("asyncio_")))


asyncio.run(main())
print("after run:", [t.name for t in threading.enumerate()])
