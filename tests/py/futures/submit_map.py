# ThreadPoolExecutor: submit/result, exceptions, map in input order, thread names, callbacks.
import threading
import time
from concurrent.futures import ThreadPoolExecutor


def square(x):
    return x * x


def slow(x, delay):
    time.sleep(delay)
    return x


def fail(msg):
    raise ValueError(msg)


with ThreadPoolExecutor(max_workers=2) as ex:
    f = ex.submit(square, 7)
    print(f.result(), f.done(), f.exception())
    g = ex.submit(fail, "bad input")
    try:
        g.result()
    except ValueError as e:
        print("ValueError:", e)
    print(repr(g.exception()), g.done(), g.cancelled())
    k = ex.submit(slow, delay=0.01, x="kw")
    print(k.result())
    # map keeps the input order even when later items finish first
    delays = [0.05, 0.01, 0.03, 0.02]
    print(list(ex.map(slow, range(4), delays)))
    print(list(ex.map(square, range(6), chunksize=3)))
    print(list(ex.map(pow, [2, 3, 4], [5, 2, 1])))
    print(list(ex.map(square, [])))
    it = ex.map(fail, ["m1", "m2"])
    try:
        next(it)
    except ValueError as e:
        print("map raised ValueError:", e)

# worker thread names: ThreadPoolExecutor-N_M, or the prefix
names = []
gate = threading.Event()


def record():
    gate.wait()
    names.append(threading.current_thread().name)


with ThreadPoolExecutor(3) as ex:
    fs = [ex.submit(record) for _ in range(3)]
    gate.set()
print(sorted(names))
gate.clear()
names.clear()
with ThreadPoolExecutor(2, thread_name_prefix="dl") as ex:
    fs = [ex.submit(record) for _ in range(2)]
    gate.set()
print(sorted(names))

# done callbacks run in the thread that completes the future, or at once in the caller
ran_in = []
release = threading.Event()


def wait_then(x):
    release.wait()
    return x


with ThreadPoolExecutor(1) as ex:
    f = ex.submit(wait_then, 5)
    f.add_done_callback(lambda fut: ran_in.append((threading.current_thread().name, fut.result())))
    release.set()
    f.result()
    time.sleep(0.01)
    f.add_done_callback(lambda fut: ran_in.append((threading.current_thread().name, "late")))
print(ran_in)
print(threading.active_count())
