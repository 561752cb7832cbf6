"""I/O-bound threads overlap: threads do help when the work is waiting.

What it shows: five "downloads" (each `time.sleep(0.2)`, which releases the GIL like a network
read) done one after another take 1 s; on five threads they overlap and take about 0.2 s.

What to look for in the timeline: the thread rows are almost all "blocking" (in a blocking call)
at the same time; the GIL row is nearly empty: nobody needs it while waiting.
"""
import threading
import time

JOBS = 5
DELAY = 0.2


def download(i):
    time.sleep(DELAY)


start = time.perf_counter()
for i in range(JOBS):
    download(i)
sequential = time.perf_counter() - start

start = time.perf_counter()
threads = [threading.Thread(target=download, args=(i,)) for i in range(JOBS)]
for t in threads:
    t.start()
for t in threads:
    t.join()
threaded = time.perf_counter() - start

print(f"{JOBS} downloads sequentially: {sequential:.2f} s")
print(f"{JOBS} downloads on threads:   {threaded:.2f} s")
print("threads overlap:", threaded < sequential / 2)
