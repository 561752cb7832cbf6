"""A long builtin call holds the GIL past the switch interval.

What it shows: `sum(range(...))` loops in native code, with no eval-breaker point inside, so the
thread calling it keeps the GIL for the whole call, however long, while a second thread that
wants to run its heartbeat waits. The drop request is set after 5 ms but honoured only when the
builtin returns.

What to look for in the timeline: one long slice held by the summing thread, far longer than
5 ms; the heartbeat thread waiting for the GIL during it.
"""
import threading
import time

beats = []


def heartbeat():
    start = time.perf_counter()
    for _ in range(10):
        beats.append(time.perf_counter() - start)
        time.sleep(0.002)


def crunch():
    total = sum(range(20_000_000))
    return total


h = threading.Thread(target=heartbeat)
h.start()
time.sleep(0.001)
start = time.perf_counter()
crunch()
held = time.perf_counter() - start
h.join()
gaps = [b - a for a, b in zip(beats, beats[1:])]
print(f"sum(range(20,000,000)) took {held * 1000:.0f} ms holding the GIL")
print(f"longest gap between heartbeats: {max(gaps) * 1000:.0f} ms (asked for 2 ms)")
print("the builtin outlasted the switch interval:", max(gaps) > 0.005)
