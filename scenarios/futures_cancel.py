"""Cancelling futures: a pending one can be cancelled, a running one cannot.

What it shows: a pool with ONE worker is given four jobs of 0.1 s. The first starts at once;
the others wait in the pool's queue. `cancel()` on the running first job returns False (a
running call cannot be stopped); on the queued third job it returns True, and that job never
runs: its `result()` raises `CancelledError`. The whole batch takes 0.3 s instead of 0.4 s.

What to look for in the timeline: the single worker ThreadPoolExecutor-0_0 blocks (sleeps)
three times, not four, back to back; MainThread waits in `result()` meanwhile.
"""
import time
from concurrent.futures import CancelledError, ThreadPoolExecutor

ran = []


def job(i):
    ran.append(i)
    time.sleep(0.1)
    return i


start = time.perf_counter()
with ThreadPoolExecutor(max_workers=1) as pool:
    futures = [pool.submit(job, i) for i in range(4)]
    time.sleep(0.01)  # let the worker start job 0
    print(f"job 0: running={futures[0].running()}, cancel() -> {futures[0].cancel()}")
    print(f"job 2: running={futures[2].running()}, cancel() -> {futures[2].cancel()}")
    for i, f in enumerate(futures):
        try:
            print(f"job {i}: result {f.result()}")
        except CancelledError:
            print(f"job {i}: cancelled")
elapsed = time.perf_counter() - start
print(f"jobs that ran: {ran}")
print(f"elapsed {elapsed:.3f} s")
