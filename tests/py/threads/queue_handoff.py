# Two consumers hand a sentinel on through a SimpleQueue; under --gil none (tests/fidelity.rs)
# their lock waits race with releases on other cores, and no wake-up may be lost.
import threading, queue
q = queue.SimpleQueue()
def worker():
    while True:
        if q.get() is None:
            q.put(None); return
ts = [threading.Thread(target=worker) for _ in range(2)]
for t in ts: t.start()
q.put(None)
for t in ts: t.join()
print("ok")
