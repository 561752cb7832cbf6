"""The same I/O-bound job three ways: one after another, on threads, and as coroutines.

What it shows: ten "requests" that each wait 0.1 s for I/O (`time.sleep` on threads,
`asyncio.sleep` in coroutines, both standing in for a network round trip) and then do a
little CPU work. One after another they take 10 x 0.1 s. On ten threads the waits overlap and
the whole takes about 0.1 s: each thread releases the GIL while it waits. As ten coroutines on
one event loop they overlap just as well, on a single thread, with no GIL hand-overs at all.
(A process pool is the third way CPython offers for CPU-bound work; gilsim does not model
processes yet, so it is left out here.)

What to look for in the timeline: the threaded run shows ten rows mostly "blocking", with the
GIL passed around briefly as each thread finishes; the asyncio run shows the MainThread alone,
idle in `select` while all ten waits run out together.
"""
import asyncio
import threading
import time

REQUESTS = 10
LATENCY = 0.1


def work():
    total = 0
    for i in range(20000):
        total += i % 7
    return total


def request_blocking(i, results):
    time.sleep(LATENCY)
    results[i] = work()


async def request_async(i, results):
    await asyncio.sleep(LATENCY)
    results[i] = work()


def sequential():
    results = {}
    for i in range(REQUESTS):
        request_blocking(i, results)
    return results


def threaded():
    results = {}
    threads = [threading.Thread(target=request_blocking, args=(i, results))
               for i in range(REQUESTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


async def coroutines():
    results = {}
    await asyncio.gather(*(request_async(i, results) for i in range(REQUESTS)))
    return results


def timed(label, run):
    start = time.perf_counter()
    results = run()
    elapsed = time.perf_counter() - start
    assert len(results) == REQUESTS
    print(f"{label}: {elapsed:.3f} s")


timed("one after another", sequential)
timed("ten threads", threaded)
timed("ten coroutines", lambda: asyncio.run(coroutines()))
