"""Four CPU-bound threads: the GIL is handed around, but not in round-robin order.

What it shows: four threads share one GIL. Every switch interval a waiting thread's timed wait
expires and it sets a drop request; the holder lets go at its next eval-breaker point and the
OS wakes ONE waiter, not necessarily the one that waited longest. The total time is the same as
doing the work sequentially.

What to look for in the timeline: slices of about 5 ms, with a holder order that is not a fixed
rotation; each thread holds the GIL about a quarter of the time.
"""
import threading
import time


def countdown(n):
    while n > 0:
        n -= 1


N = 1_000_000

start = time.perf_counter()
threads = [threading.Thread(target=countdown, args=(N,)) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.perf_counter() - start
print(f"four threads: 4 x countdown({N:,}) done")
print(f"elapsed {elapsed:.3f} s")
