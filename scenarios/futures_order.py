"""`map` keeps the input order; `as_completed` yields futures in the order they finish.

What it shows: four jobs taking 0.4, 0.1, 0.3 and 0.2 s run on a pool of four threads.
`pool.map` gives the results in input order, so the first result only arrives when the slowest
(first) job is done, at 0.4 s, and the rest follow at once. `as_completed` gives each future as
soon as it finishes: 0.1, 0.2, 0.3, 0.4 s.

What to look for in the timeline: the same picture twice: four workers blocking (sleeping)
side by side while MainThread blocks waiting for results; in the second half, MainThread wakes
briefly four times, once per finished job.
"""
import time
from concurrent.futures import ThreadPoolExecutor, as_completed

DURATIONS = [0.4, 0.1, 0.3, 0.2]


def job(i):
    time.sleep(DURATIONS[i])
    return i


with ThreadPoolExecutor(max_workers=4) as pool:
    print("map: results in input order")
    start = time.perf_counter()
    for i in pool.map(job, range(4)):
        print(f"  job {i} ({DURATIONS[i]} s) received at {time.perf_counter() - start:.1f} s")
    map_total = time.perf_counter() - start

    print("as_completed: futures in completion order")
    start = time.perf_counter()
    futures = {pool.submit(job, i): i for i in range(4)}
    for f in as_completed(futures):
        i = f.result()
        print(f"  job {i} ({DURATIONS[i]} s) received at {time.perf_counter() - start:.1f} s")
    completed_total = time.perf_counter() - start

print(f"elapsed map {map_total:.3f} s, as_completed {completed_total:.3f} s")
