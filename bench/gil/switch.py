"""Two CPU-bound threads and a 1 ms switch interval: every hand-off is a forced switch, the
GIL's own hand-off path. The waiter's timed wait expires, it sets the drop request, the holder
drops the GIL at its next eval-breaker check, signals the waiter and waits (FORCE_SWITCHING)
until the waiter, woken by the OS, has taken it.

Each thread reads `time.perf_counter()` in a tight loop and notes every gap between two of its
readings; while one thread is in such a gap the other runs. A hand-off's latency is the time
from the releasing thread's last reading to the other thread's first (plus at most one loop
iteration). Python code measures it, since CPython writes no trace.

    python3 switch.py [SECONDS] [INTERVAL_S]
"""
import sys
import threading
import time

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
INTERVAL = float(sys.argv[2]) if len(sys.argv) > 2 else 0.001
GAP = 2e-6  # longer than one loop iteration, shorter than any hand-off
sys.setswitchinterval(INTERVAL)
gaps = {}


def worker(name):
    pc = time.perf_counter
    mine = []
    gaps[name] = mine
    note = mine.append
    prev = pc()
    stop = prev + SECONDS
    while prev < stop:
        now = pc()
        if now - prev > GAP:
            note((prev, now))
        prev = now


threads = [threading.Thread(target=worker, args=(n,)) for n in "AB"]
t0 = time.perf_counter()
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.perf_counter() - t0
latencies = []
for me, other in (("A", "B"), ("B", "A")):
    resumed = [g[1] for g in gaps[other]]  # when the other thread ran again
    j = 0
    for start, end in gaps[me]:
        while j < len(resumed) and resumed[j] <= start:
            j += 1
        if j < len(resumed) and resumed[j] < end:
            latencies.append(resumed[j] - start)
latencies.sort()
median = latencies[len(latencies) // 2] if latencies else 0.0
print(f"handoffs {len(latencies)}")
print(f"handoffs_per_s {len(latencies) / elapsed:.1f}")
print(f"median_handoff_us {median * 1e6:.1f}")
