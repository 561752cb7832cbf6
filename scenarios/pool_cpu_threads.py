"""CPU-bound jobs on a thread pool: no faster than running them one after another.

What it shows: four countdowns of 2M iterations each (after a warm-up), first sequentially
in the main thread, then submitted to a `concurrent.futures.ThreadPoolExecutor` with four
workers. Only the thread holding the GIL runs Python code, so the pool takes about as long as
the sequential loop: CPython 3.11 gives a thread pool / sequential ratio of 0.94-1.06. (A
process pool, with a GIL per process, is what would use more cores.)

What to look for in the timeline: first MainThread holds the GIL alone; then the workers
ThreadPoolExecutor-0_0 .. 0_3 start one per submit and take turns in slices of about 5 ms
(the switch interval), never two at once, while MainThread waits in `result()`.
"""
import time
from concurrent.futures import ThreadPoolExecutor


def countdown(n):
    while n > 0:
        n -= 1
    return n


JOBS = 4
N = 2_000_000

# warm-up: CPython 3.11 specialises a function's bytecode once it has been called 8 times, so
# that both runs below time the specialised loop
for _ in range(8):
    countdown(1_000)

start = time.perf_counter()
for _ in range(JOBS):
    countdown(N)
sequential = time.perf_counter() - start

start = time.perf_counter()
with ThreadPoolExecutor(max_workers=JOBS) as pool:
    results = list(pool.map(countdown, [N] * JOBS))
pooled = time.perf_counter() - start

print(f"{JOBS} x countdown({N:,}), results {results}")
print(f"sequential  {sequential:.3f} s")
print(f"thread pool {pooled:.3f} s")
print(f"thread pool / sequential {pooled / sequential:.2f}")
