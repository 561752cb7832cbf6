"""Done-callbacks run in the thread that completes the future, or at once if it is done.

What it shows: three jobs of 0.3, 0.1 and 0.2 s on a pool of three threads, each with a
callback added while it runs. Each callback runs in the worker thread that finished its job, in
completion order, and keeps a progress count. A callback added to a future that is already done
runs immediately, in the thread that adds it (MainThread). A callback that raises does not stop
the others: CPython logs "exception calling callback for <Future ...>" with the traceback on
stderr.

What to look for in the timeline: each worker blocks (sleeps), then briefly holds the GIL to
run its callbacks; MainThread blocks in `shutdown()` (the end of the `with` block) meanwhile.
"""
import threading
import time
from concurrent.futures import ThreadPoolExecutor

DURATIONS = [0.3, 0.1, 0.2]
start = time.perf_counter()
done_count = 0


def job(i):
    time.sleep(DURATIONS[i])
    return i


def report(future):
    global done_count
    done_count += 1
    print(f"  job {future.result()} done at {time.perf_counter() - start:.1f} s, "
          f"callback in {threading.current_thread().name}, {done_count}/3 done")


def late(future):
    print(f"  job {future.result()}: callback in {threading.current_thread().name}, at once")


def broken(future):
    raise ValueError("a callback that fails")


with ThreadPoolExecutor(max_workers=3) as pool:
    futures = [pool.submit(job, i) for i in range(3)]
    for f in futures:
        f.add_done_callback(report)
        f.add_done_callback(broken)
# leaving the `with` block waited for the workers, and so for their callbacks
print("adding a callback to a finished future:")
futures[0].add_done_callback(late)
print(f"elapsed {time.perf_counter() - start:.3f} s")
