import queue
import threading
import time

bs = threading.BoundedSemaphore(2)
bs.acquire()
bs.release()
try:
    bs.release()
except ValueError as e:
    print("ValueError:", e)
print(bs.acquire(blocking=False), bs.acquire(blocking=False), bs.acquire(blocking=False))

fired = []
t = threading.Timer(0.05, fired.append, args=("late",))
t.start()
t.cancel()
t.join()
t2 = threading.Timer(0.01, fired.append, args=("on time",))
t2.start()
t2.join()
print("timers:", fired)

loc = threading.local()
loc.x = "main"
seen = []


def use_local(v):
    loc.x = v
    time.sleep(0.001)
    seen.append(loc.x)


ts = [threading.Thread(target=use_local, args=(f"t{i}",)) for i in range(3)]
for th in ts:
    th.start()
for th in ts:
    th.join()
print("local:", loc.x, sorted(seen))
try:
    loc.missing
except AttributeError as e:
    print("AttributeError:", e)

lq = queue.LifoQueue()
pq = queue.PriorityQueue()
for v in [3, 1, 2]:
    lq.put(v)
    pq.put(v)
print("lifo", [lq.get() for _ in range(3)], "priority", [pq.get() for _ in range(3)])
sq = queue.SimpleQueue()
sq.put("a")
print("simple", sq.get(), sq.empty())
q = queue.Queue(maxsize=1)
q.put(1)
try:
    q.put(2, timeout=0.01)
except queue.Full:
    print("Full after timeout")
try:
    q.put_nowait(3)
except queue.Full:
    print("Full at once")
q.get()
q.task_done()
try:
    q.task_done()
except ValueError as e:
    print("ValueError:", e)

cond = threading.Condition()
with cond:
    print("wait timed out:", cond.wait(0.01))
try:
    cond.notify()
except RuntimeError as e:
    print("RuntimeError:", e)

b = threading.Barrier(2, timeout=0.01)
try:
    b.wait()
except threading.BrokenBarrierError:
    print("barrier broken:", b.broken)

r = threading.RLock()
try:
    r.release()
except RuntimeError as e:
    print("RuntimeError:", e)

t = threading.Thread(target=lambda: None, name="named")
print(t.name, t.daemon, t.ident is None)
t.start()
t.join()
print(t.ident is not None, t.is_alive(), repr(t).split(" ")[0])
try:
    t.daemon = True
except RuntimeError as e:
    print("RuntimeError:", e)
print(threading.active_count(), [x.name for x in threading.enumerate()])
