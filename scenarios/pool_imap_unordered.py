"""multiprocessing.Pool: results in input order (imap) or as they finish (imap_unordered).

What it shows: four worker processes handle jobs that take different times (sleeps standing
for work). `imap` hands results back in the order of the inputs, waiting for the slow first job;
`imap_unordered` hands each back as soon as its worker is done, fastest first.

What to look for in the timeline: a GIL row per worker process; the workers mostly sleep
(blocking, GIL released); the parent's result-handler thread wakes as each message arrives.
"""
import multiprocessing
import time

DELAYS = [0.04, 0.01, 0.03, 0.02]


def job(i):
    time.sleep(DELAYS[i])
    return i


if __name__ == "__main__":
    with multiprocessing.Pool(4) as pool:
        start = time.perf_counter()
        print("imap:          ", list(pool.imap(job, range(4))))
        print("imap_unordered:", list(pool.imap_unordered(job, range(4))))
        elapsed = time.perf_counter() - start
    print(f"elapsed {elapsed:.2f} s")
