# time.process_time(): this process's CPU time. It never goes back, grows while a thread
# spins, hardly moves while the process sleeps or waits for a child, stays within wall time x
# cores, and a child process's CPU time is its own.
import multiprocessing as mp
import os
import threading
import time


def spin(seconds):
    end = time.perf_counter() + seconds
    n = 0
    while time.perf_counter() < end:
        n += 1
    return n


def child(q):
    p0 = time.process_time()
    spin(0.1)
    q.put(time.process_time() > p0)


if __name__ == "__main__":
    p0, t0 = time.process_time(), time.perf_counter()
    spin(0.05)
    p1, t1 = time.process_time(), time.perf_counter()
    print("grows while spinning:", p1 > p0)
    print("within wall x cores:", p1 - p0 <= (t1 - t0) * os.cpu_count() + 0.01)
    readings = [time.process_time() for _ in range(1000)]
    print("never goes back:", all(a <= b for a, b in zip(readings, readings[1:])))
    time.sleep(0.1)
    p2 = time.process_time()
    print("sleeping hardly counts:", p2 - p1 < 0.05)
    ts = [threading.Thread(target=spin, args=(0.05,)) for _ in range(2)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    print("threads count for their process:", time.process_time() > p2)
    q = mp.Queue()
    c = mp.Process(target=child, args=(q,))
    p3 = time.process_time()
    c.start()
    print("a child has its own clock:", q.get())
    c.join()
    print("a child's CPU time is not its parent's:", time.process_time() - p3 < 0.05)
    print(type(time.process_time_ns()) is int, time.process_time_ns() >= 0)
