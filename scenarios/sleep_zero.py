"""`time.sleep(0)` hands the GIL over.

What it shows: sleep always releases the GIL, even for zero seconds. Two threads that each
call `sleep(0)` after every small step of work take turns many times per switch interval,
instead of once per interval.

What to look for in the timeline: the GIL row alternates between the two threads in very thin
slices; there are far more holder changes per second than with plain CPU-bound threads.
"""
import threading
import time

STEPS = 2000
turns = []


def worker(name):
    for i in range(STEPS):
        x = 0
        for _ in range(20):
            x += 1
        turns.append(name)
        time.sleep(0)


threads = [threading.Thread(target=worker, args=(n,)) for n in "AB"]
for t in threads:
    t.start()
for t in threads:
    t.join()

changes = sum(1 for a, b in zip(turns, turns[1:]) if a != b)
print(f"{len(turns)} steps, the other thread came in at least {min(changes, 100)} times")
print("each thread did", turns.count("A"), "and", turns.count("B"), "steps")
