"""CPU-bound work three ways: sequentially, on threads, on processes.

What it shows: the answer to "so how do I use both cores?". Four jobs of 2M loop iterations
each (after a warm-up, so every way runs the same specialised code) take as long on four
threads as one after another: one GIL, one thread running Python at a time. On a pool of worker
processes, each with its own interpreter and its own GIL, they run in parallel, up to the number
of cores (run gilsim with `--cores 2` to match a 2-core machine): the time nearly halves on 2
cores; what is left over is starting the workers and pickling the work to them.

What to look for in the timeline: under "threads", the threads take turns at the one GIL every
5 ms; under "processes", each worker process has its own GIL row, and two rows are busy at once.
"""
import multiprocessing
import threading
import time

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
    ts = [threading.Thread(target=countdown, args=(N,)) for _ in range(JOBS)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()


def processes():
    with multiprocessing.Pool() as pool:
        pool.map(countdown, [N] * JOBS)


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
    print(f"{JOBS} jobs of countdown({N:,}) on {multiprocessing.cpu_count()} cores")
    print(f"sequential {seq:.3f} s")
    print(f"threads {thr:.3f} s")
    print(f"processes {pro:.3f} s")
    print(f"threads/sequential {thr / seq:.2f}")
    print(f"processes/sequential {pro / seq:.2f}")
