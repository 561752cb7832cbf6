"""Producer and consumer over a `queue.Queue`.

What it shows: a producer thread puts work items on a bounded queue; two consumer threads take
them off. A `get` on an empty queue, or a `put` on a full one, blocks with the GIL released
(it waits on a condition variable), so the threads hand work over without spinning.

What to look for in the timeline: consumers blocked while the queue is empty; the producer
blocked when the queue is full; short running slices in between.
"""
import queue
import threading
import time

ITEMS = 40
q = queue.Queue(maxsize=5)
results = []
lock = threading.Lock()


def producer():
    for i in range(ITEMS):
        time.sleep(0.001)
        q.put(i)
    for _ in range(2):
        q.put(None)


def consumer(name):
    while True:
        item = q.get()
        if item is None:
            break
        total = 0
        for k in range(2000):
            total += k
        with lock:
            results.append(item)


threads = [threading.Thread(target=producer)]
threads += [threading.Thread(target=consumer, args=(f"C{i}",)) for i in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"consumed {len(results)} items, all present: {sorted(results) == list(range(ITEMS))}")
