import threading
import queue

lock = threading.Lock()
counter = 0


def add(n):
    global counter
    for _ in range(n):
        with lock:
            v = counter
            counter = v + 1


ts = [threading.Thread(target=add, args=(5000,)) for _ in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("counter", counter)
print(lock.acquire(), lock.locked(), lock.acquire(False), lock.acquire(timeout=0.01))
lock.release()
try:
    lock.release()
except RuntimeError as e:
    print("RuntimeError:", e)

r = threading.RLock()
with r:
    with r:
        print("reentrant ok")

ev = threading.Event()
order = []


def waiter(i):
    ev.wait()
    with lock:
        order.append(i)


ws = [threading.Thread(target=waiter, args=(i,)) for i in range(3)]
for w in ws:
    w.start()
print("before set", ev.is_set(), order)
ev.set()
for w in ws:
    w.join()
print("after set", ev.is_set(), sorted(order))
print("wait timeout:", threading.Event().wait(0.01))

q = queue.Queue(maxsize=3)
got = []


def producer():
    for i in range(10):
        q.put(i)
    q.put(None)


def consumer():
    while True:
        item = q.get()
        q.task_done()
        if item is None:
            break
        got.append(item)


pt = threading.Thread(target=producer)
ct = threading.Thread(target=consumer)
pt.start()
ct.start()
pt.join()
ct.join()
q.join()
print("queue", got)
try:
    queue.Queue().get(timeout=0.01)
except queue.Empty:
    print("Empty")

sem = threading.Semaphore(2)
active = []
peak = [0]


def limited(i):
    with sem:
        with lock:
            active.append(i)
            peak[0] = max(peak[0], len(active))
        for _ in range(2000):
            pass
        with lock:
            active.remove(i)


ts = [threading.Thread(target=limited, args=(i,)) for i in range(5)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("semaphore peak <= 2:", peak[0] <= 2)

cond = threading.Condition()
items = []


def cons():
    with cond:
        cond.wait_for(lambda: len(items) >= 3)
        print("condition saw", items)


c = threading.Thread(target=cons)
c.start()
for i in range(3):
    with cond:
        items.append(i)
        cond.notify()
c.join()

b = threading.Barrier(3)
arrived = []


def at_barrier(i):
    b.wait()
    with lock:
        arrived.append(i)


ts = [threading.Thread(target=at_barrier, args=(i,)) for i in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("barrier", sorted(arrived))
