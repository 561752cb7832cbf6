# ProcessPoolExecutor: submit/result, map order (chunksize too), as_completed, exceptions,
# an unpicklable call, cancel of pending work, shutdown, a worker dying breaks the pool.
import os
import time
from concurrent.futures import (ProcessPoolExecutor, as_completed, wait, FIRST_COMPLETED,
                                CancelledError)
from concurrent.futures.process import BrokenProcessPool
import multiprocessing as mp


def square(x):
    return x * x


def slow(x):
    time.sleep(0.05 * x)
    return x


def fail(x):
    raise ValueError(f"bad {x}")


def who(_):
    return mp.current_process().name.startswith("ForkProcess-"), os.getpid() != PARENT


def die():
    os._exit(3)


def init(v):
    global INIT
    INIT = v


def read_init():
    return INIT


PARENT = os.getpid()

if __name__ == "__main__":
    with ProcessPoolExecutor(max_workers=2) as ex:
        print(ex.submit(square, 7).result())
        print(list(ex.map(square, range(8))))
        print(list(ex.map(square, range(8), chunksize=3)))
        print(list(ex.map(pow, [2, 3], [5, 2])))
        fs = [ex.submit(slow, x) for x in (4, 1, 2)]  # 2 workers: done at 200, 50, 150 ms
        print([f.result() for f in as_completed(fs)])
        done, not_done = wait([ex.submit(slow, 3), ex.submit(slow, 1)],
                              return_when=FIRST_COMPLETED)
        print(sorted(f.result() for f in done), len(not_done))
        f = ex.submit(fail, 1)
        print(type(f.exception()).__name__, f.exception())
        try:
            ex.submit(lambda: 1).result()
        except Exception as e:
            print(type(e).__name__)
        print(set(ex.map(who, range(4))))
    try:
        ex.submit(square, 1)
    except RuntimeError as e:
        print(e)
    with ProcessPoolExecutor(max_workers=1) as ex:
        running = ex.submit(slow, 2)
        queued = [ex.submit(slow, 1) for _ in range(3)]
        time.sleep(0.05)
        print("cancel running:", running.cancel(), "cancel last:", queued[-1].cancel())
        print(running.result(), [f.result() for f in queued[:-1]], queued[-1].cancelled())
    ex = ProcessPoolExecutor(max_workers=1)
    first = ex.submit(slow, 2)
    rest = [ex.submit(slow, 1) for _ in range(6)]
    ex.shutdown(wait=True, cancel_futures=True)
    # at most max_workers + 1 calls wait in the call queue; the others are cancelled
    print(first.result(), [f.cancelled() for f in rest][3:])
    with ProcessPoolExecutor(max_workers=2, initializer=init, initargs=("ready",)) as ex:
        print(ex.submit(read_init).result())
    ex = ProcessPoolExecutor(max_workers=2)
    f = ex.submit(die)
    try:
        f.result()
    except BrokenProcessPool as e:
        print("BrokenProcessPool:", e)
    try:
        ex.submit(square, 2)
    except BrokenProcessPool as e:
        print("BrokenProcessPool:", e)
    ex.shutdown()
    for bad in (0, -1):
        try:
            ProcessPoolExecutor(max_workers=bad)
        except ValueError as e:
            print(e)
