"""Two threads that each call `time.sleep(0)` in a loop: the GIL goes back and forth.

Each thread notes `time.perf_counter()` just before its `sleep(0)` (which releases the GIL) and
just after it returns (it holds the GIL again). When the other thread comes back first, the
time from one thread's release to the other's return is a hand-off: its latency is what a
release costs the next holder. Python code measures it, since CPython writes no trace.

    python3 handoff.py [SECONDS]
"""
import sys
import threading
import time

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
log = []


def worker(name):
    pc = time.perf_counter
    sleep = time.sleep
    stop = pc() + SECONDS
    now = pc()
    while now < stop:
        log.append((name, "release", pc()))
        sleep(0)
        now = pc()
        log.append((name, "back", now))


threads = [threading.Thread(target=worker, args=(n,)) for n in "AB"]
t0 = time.perf_counter()
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.perf_counter() - t0
latencies = []
for (n1, k1, t1), (n2, k2, t2) in zip(log, log[1:]):
    if k1 == "release" and k2 == "back" and n1 != n2:
        latencies.append(t2 - t1)
latencies.sort()
median = latencies[len(latencies) // 2] if latencies else 0.0
print(f"calls {sum(1 for e in log if e[1] == 'back')}")
print(f"handoffs {len(latencies)}")
print(f"handoffs_per_s {len(latencies) / elapsed:.1f}")
print(f"median_handoff_us {median * 1e6:.1f}")
