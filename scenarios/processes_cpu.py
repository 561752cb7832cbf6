"""CPU-bound work three ways: sequentially, on a thread pool, on a process pool.

What it shows: the answer to "so how do I use both cores?". Four jobs of 2M loop iterations
each (after a warm-up, so every way runs the same specialised code) take as long on a
ThreadPoolExecutor as one after another: one GIL, one thread running Python at a time. On a
ProcessPoolExecutor, whose workers each have their own interpreter and their own GIL, they run
in parallel, up to the number of cores (run gilsim with `--cores 2` to match a 2-core machine):
the time nearly halves on 2 cores; what is left over is starting the workers and pickling the
work to them and the results back.

What to look for in the timeline: in the thread pool, the workers take turns at the one GIL
every 5 ms; in the process pool, each worker process has its own GIL row, and two rows are
busy at once.
"""
import os
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

N = 2_000_000
JOBS = 4


def countdown(n):
    while n > 0:
        n -= 1
    return n


def sequential():
    for _ in range(JOBS):
        countdown(N)


def threads():
    with ThreadPoolExecutor(JOBS) as pool:
        list(pool.map(countdown, [N] * JOBS))


def processes():
    with ProcessPoolExecutor() as pool:
        list(pool.map(countdown, [N] * JOBS))


def timed(way):
    start = time.perf_counter()
    way()
    return time.perf_counter() - start


if __name__ == "__main__":
    for _ in range(8):
        countdown(1000)  # warm-up: CPython specialises a function after 8 calls
    seq = timed(sequential)
    thr = timed(threads)
    pro = timed(processes)
    print(f"{JOBS} jobs of countdown({N:,}) on {os.cpu_count()} cores")
    print(f"sequential {seq:.3f} s")
    print(f"thread pool {thr:.3f} s")
    print(f"process pool {pro:.3f} s")
    print(f"thread pool/sequential {thr / seq:.2f}")
    print(f"process pool/sequential {pro / seq:.2f}")
