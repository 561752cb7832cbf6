# ThreadPoolExecutor's arguments: max_workers (default and errors), names, initializer, reuse.
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor, BrokenExecutor
from concurrent.futures.thread import BrokenThreadPool
from concurrent.futures import thread
import concurrent.futures

ex = ThreadPoolExecutor()
print("default max_workers is min(32, cpu_count + 4):",
      ex._max_workers == min(32, (os.cpu_count() or 1) + 4))
print(ex._thread_name_prefix, len(ex._threads))
ex.shutdown()
print(thread.ThreadPoolExecutor is ThreadPoolExecutor,
      concurrent.futures.thread.BrokenThreadPool is BrokenThreadPool)
print(issubclass(BrokenThreadPool, BrokenExecutor), BrokenThreadPool.__mro__[1].__name__)

for bad in (0, -1):
    try:
        ThreadPoolExecutor(bad)
    except ValueError as e:
        print("ValueError:", e)
try:
    ThreadPoolExecutor(2, initializer=42)
except TypeError as e:
    print("TypeError:", e)

# workers start on demand, one per submit while none is idle, up to max_workers
gate = threading.Event()
with ThreadPoolExecutor(max_workers=3) as ex:
    print(ex._thread_name_prefix, len(ex._threads))
    fs = [ex.submit(gate.wait) for _ in range(5)]
    print("threads for 5 blocked jobs:", len(ex._threads))
    gate.set()
print(sorted(t.name for t in ex._threads))

# an idle worker is reused instead of starting another
with ThreadPoolExecutor(max_workers=4) as ex:
    for i in range(5):
        ex.submit(pow, 2, i).result()
        time.sleep(0.01)
    print("threads for 5 jobs one at a time:", len(ex._threads))

# initializer(*initargs) runs once in each worker before its first job
seen = []


def init(tag, n):
    seen.append((tag, n, threading.current_thread().name))


gate.clear()
with ThreadPoolExecutor(2, thread_name_prefix="init", initializer=init, initargs=("hi", 3)) as ex:
    fs = [ex.submit(gate.wait) for _ in range(2)]
    gate.set()
    for i in range(4):
        ex.submit(abs, -i).result()
print(sorted(seen))

# a failing initializer breaks the pool
gate.clear()


def bad_init():
    raise OSError("cannot set up")


ex = ThreadPoolExecutor(1, initializer=bad_init)
f = ex.submit(gate.wait)
try:
    f.result()
except BrokenThreadPool as e:
    print("BrokenThreadPool:", e)
print(type(f.exception()).__name__, f.done())
try:
    ex.submit(print, "never")
except BrokenExecutor as e:
    print(type(e).__name__, e)
ex.shutdown()
