"""`shutdown(wait=True)` waits for the submitted work; `shutdown(wait=False)` returns at once.

What it shows: twice, four jobs of 0.2 s are submitted to a pool of two threads (so they take
0.4 s) and the pool is shut down. `shutdown(wait=True)` (what leaving a `with` block does)
returns only when all four are done. `shutdown(wait=False)` returns immediately with the jobs
still queued or running; they are not cancelled (that is `cancel_futures=True`), and the
interpreter still waits for them before it exits, as CPython does.

What to look for in the timeline: in the first half MainThread blocks in `join()` while the two
workers sleep twice each; in the second half MainThread goes on at once and finishes its
`print`s, then waits at exit while the second pool's workers finish.
"""
import time
from concurrent.futures import ThreadPoolExecutor

JOBS = 4
start = time.perf_counter()


def job(i):
    time.sleep(0.2)
    return i


for wait in (True, False):
    pool = ThreadPoolExecutor(max_workers=2)
    futures = [pool.submit(job, i) for i in range(JOBS)]
    t0 = time.perf_counter()
    pool.shutdown(wait=wait)
    took = time.perf_counter() - t0
    done = sum(f.done() for f in futures)
    print(f"shutdown(wait={wait}) returned after {took:.3f} s, {done} of {JOBS} jobs done")

futures[-1].add_done_callback(
    lambda f: print(f"last job done at {time.perf_counter() - start:.1f} s, after the main code"))
print(f"main code done at {time.perf_counter() - start:.1f} s")
