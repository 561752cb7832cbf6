import threading, queue, time, random
random.seed(5)
q = queue.Queue(maxsize=8)
lock = threading.Lock()
cond = threading.Condition()
counter = 0
done = []
def worker(i):
    global counter
    for k in range(20):
        m = (i + k) % 4
        if m == 0:
            x = 0
            for _ in range(200 + i):
                x += 1
        elif m == 1:
            time.sleep(0.0001 * (i % 3))
        elif m == 2:
            with lock:
                counter += 1
        else:
            q.put((i, k))
            q.get()
            q.task_done()
    with cond:
        done.append(i)
        cond.notify_all()
ts = [threading.Thread(target=worker, args=(i,)) for i in range(64)]
for t in ts: t.start()
with cond:
    cond.wait_for(lambda: len(done) == 64, timeout=30)
for t in ts: t.join()
print(len(done), counter, q.qsize(), q.unfinished_tasks)
