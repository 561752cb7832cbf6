"""CPU-bound work done sequentially, in one thread.

What it shows: the baseline for the threaded scenarios. Two countdowns run one after the other
in the main thread; the total time is the sum of both. Compare with `two_threads_cpu.py`, where
the same work split over two threads takes no less time because only the thread holding the
GIL runs Python code.

What to look for: one thread holds the GIL for the whole run (utilisation ~100%, no switches).
"""
import time


def countdown(n):
    while n > 0:
        n -= 1


N = 2_000_000

start = time.perf_counter()
countdown(N)
countdown(N)
elapsed = time.perf_counter() - start
print(f"sequential: 2 x countdown({N:,}) done")
print(f"elapsed {elapsed:.3f} s")
