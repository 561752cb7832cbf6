# Threads writing and reading files at once: each file read and write releases the GIL, and
# the results do not depend on how the threads interleave.
import os
import threading
from helper_tmp import make_dir, remove_tree

d = make_dir("threads")
results = {}
lock = threading.Lock()


def worker(n):
    p = os.path.join(d, "worker%d.txt" % n)
    with open(p, "w") as f:
        for i in range(500):
            f.write("%d %d\n" % (n, i * n))
    total = 0
    with open(p) as f:
        for line in f:
            total += int(line.split()[1])
    with open(p, "rb") as f:
        size = len(f.read())
    with lock:
        results[n] = (total, size)


def appender(n, shared):
    for i in range(50):
        with lock:
            with open(shared, "a") as f:
                f.write("t%d-%d\n" % (n, i))


try:
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(1, 5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for n in sorted(results):
        print(n, results[n])
    shared = os.path.join(d, "shared.txt")
    threads = [threading.Thread(target=appender, args=(n, shared)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with open(shared) as f:
        lines = f.read().splitlines()
    print(len(lines), sorted(lines)[:3], sorted(set(l.split("-")[0] for l in lines)))
finally:
    remove_tree(d)
