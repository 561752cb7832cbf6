"""The convoy effect (bpo-7946): an I/O-bound thread stuck behind a CPU-bound one.

What it shows: one thread spins on CPU work; another does many short blocking calls
(`time.sleep(0)` stands in for fast I/O). Every blocking call releases the GIL, and getting it
back means waiting for the spinner to be asked to drop it: about one switch interval (5 ms)
per call, where alone each call would take microseconds. Passing an argument sets the switch
interval (`python3 convoy.py 0.001`): a shorter interval shortens the wait.

What to look for in the timeline: the I/O thread's row is mostly "waiting for the GIL", with
brief moments of running; its 100 calls take about 100 x 5 ms.
"""
import sys
import threading
import time

if len(sys.argv) > 1:
    sys.setswitchinterval(float(sys.argv[1]))

CALLS = 100
done = False


def spin():
    n = 0
    while not done:
        n += 1


def io_bound():
    for _ in range(CALLS):
        time.sleep(0)


start = time.perf_counter()
for _ in range(CALLS):
    time.sleep(0)
alone = time.perf_counter() - start

spinner = threading.Thread(target=spin)
spinner.start()
start = time.perf_counter()
io = threading.Thread(target=io_bound)
io.start()
io.join()
beside = time.perf_counter() - start
done = True
spinner.join()

print(f"switch interval: {sys.getswitchinterval() * 1000:.1f} ms")
print(f"{CALLS} sleep(0) calls alone:        {alone * 1000:8.1f} ms")
print(f"{CALLS} sleep(0) calls beside a spin: {beside * 1000:8.1f} ms")
print(f"per call beside a spin:          {beside / CALLS * 1000:8.2f} ms")
