"""N CPU-bound threads for a while: how long each holds the GIL, how often the holder changes.

Each thread spins reading `time.perf_counter()`; a pause longer than GAP between two reads means
it lost the GIL, so it can time its own slices. Python code measures this, since CPython writes
no trace; under gilsim the trace says the same thing and `bench/real.py` compares both.

    python3 cpu_threads.py [THREADS] [SECONDS]
"""
import sys
import threading
import time

THREADS = int(sys.argv[1]) if len(sys.argv) > 1 else 2
SECONDS = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
GAP = 0.0002
slices = []


def worker():
    pc = time.perf_counter
    mine = []
    start = last = pc()
    stop = start + SECONDS
    while last < stop:
        now = pc()
        if now - last > GAP:
            mine.append((start, last))
            start = now
        last = now
    mine.append((start, last))
    # the first and last slices are cut by the start and the stop
    slices.extend(mine[1:-1])


threads = [threading.Thread(target=worker) for _ in range(THREADS)]
t0 = time.perf_counter()
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.perf_counter() - t0
lengths = sorted(b - a for a, b in slices)
median = lengths[len(lengths) // 2] if lengths else 0.0
print(f"threads {THREADS}")
print(f"slices {len(lengths)}")
print(f"median_slice_ms {median * 1000:.3f}")
print(f"changes_per_s {len(lengths) / elapsed:.1f}")
