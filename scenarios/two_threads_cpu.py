"""Two CPU-bound threads: no faster than doing the work sequentially.

What it shows: the same two countdowns as `sequential_cpu.py`, each in its own thread. Only the
thread holding the GIL runs Python code, so the total time does not drop; the threads take
turns, handing the GIL over every switch interval (5 ms by default).

What to look for in the timeline: the GIL row alternates between the two threads in slices of
about 5 ms; each thread is running (holding the GIL) about half the time and waiting for the
GIL the other half. Holder changes: about 200 per second.
"""
import threading
import time


def countdown(n):
    while n > 0:
        n -= 1


N = 2_000_000

start = time.perf_counter()
threads = [threading.Thread(target=countdown, args=(N,)) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.perf_counter() - start
print(f"two threads: 2 x countdown({N:,}) done")
print(f"elapsed {elapsed:.3f} s")
