import threading
import time

results = {}


def work(name, n):
    total = 0
    for i in range(n):
        total += i
    results[name] = total


threads = [threading.Thread(target=work, args=(f"w{i}", 1000 * (i + 1))) for i in range(3)]
print([t.name.split(" ")[1] for t in threads])
print(repr(threads[0]).split(",")[0], threads[0].is_alive())
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(results.items()))
print(all(not t.is_alive() for t in threads), threading.active_count())
print(threading.current_thread().name, threading.main_thread() is threading.current_thread())
try:
    threads[0].start()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    threading.current_thread().join()
except RuntimeError as e:
    print("RuntimeError:", e)


class Worker(threading.Thread):
    def __init__(self, k):
        super().__init__(name=f"worker-{k}")
        self.k = k
        self.out = None

    def run(self):
        self.out = self.k * self.k


ws = [Worker(k) for k in range(4)]
for w in ws:
    w.start()
for w in ws:
    w.join()
print([(w.name, w.out) for w in ws])
d = threading.Thread(target=time.sleep, args=(0.01,), daemon=True)
print(d.daemon)
d.start()
d.join()
print("done")
