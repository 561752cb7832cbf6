"""A run as long as asked: four threads handing the GIL over with sleep(0) every third
iteration for SECONDS (default 10) of their own clock. For checking that a long run's memory
stays bounded (the report is folded as the run goes):

    /usr/bin/time -f %M gilsim run --clock real bench/long_run.py 10
    /usr/bin/time -f %M gilsim run --clock real bench/long_run.py 30
"""
import sys
import threading
import time

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0


def worker():
    end = time.perf_counter() + SECONDS
    n = 0
    while time.perf_counter() < end:
        n += 1
        if n % 3 == 0:
            time.sleep(0)


threads = [threading.Thread(target=worker) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("done")
