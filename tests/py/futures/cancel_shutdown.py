# Cancelling pending vs running futures; shutdown(wait), cancel_futures, submit after shutdown.
import threading
import time
from concurrent.futures import ThreadPoolExecutor, CancelledError, wait

started = threading.Event()
release = threading.Event()


def blocker():
    started.set()
    release.wait()
    return "blocker done"


def job(x):
    return x * 10


ex = ThreadPoolExecutor(max_workers=1)
running = ex.submit(blocker)
pending = ex.submit(job, 1)
other = ex.submit(job, 2)
started.wait()
print("running:", running.running(), running.cancel(), running.cancelled())
print("pending:", pending.running(), pending.cancel(), pending.cancelled(), pending.done())
try:
    pending.result()
except CancelledError:
    print("pending.result() raised CancelledError")
release.set()
print(running.result(), other.result())
print(wait([pending, running, other]).not_done)
print(running.cancel(), other.cancel(), pending.cancel())
ex.shutdown()
print("shut down; threads alive:", [t.is_alive() for t in ex._threads])
ex.shutdown()
for args in [(job, 3), (print,)]:
    try:
        ex.submit(*args)
    except RuntimeError as e:
        print("RuntimeError:", e)
try:
    ex.map(job, [1])
except RuntimeError as e:
    print("map RuntimeError:", e)

# cancel_futures: the queued futures are cancelled, the running one finishes
started.clear()
release.clear()
ex = ThreadPoolExecutor(max_workers=1)
first = ex.submit(blocker)
queued = [ex.submit(job, i) for i in range(3)]
started.wait()
threading.Timer(0.02, release.set).start()
ex.shutdown(wait=True, cancel_futures=True)
print(first.result(), [q.cancelled() for q in queued], [q.done() for q in queued])

# shutdown(wait=False) returns at once; the work still completes before the program ends
log = []


def slow(x):
    time.sleep(0.05)
    log.append(x)
    return x


ex = ThreadPoolExecutor(max_workers=2)
fs = [ex.submit(slow, i) for i in range(4)]
ex.shutdown(wait=False)
print("after shutdown(wait=False):", sorted(log), [f.done() for f in fs])
print(sorted(f.result() for f in fs), sorted(log))

# shutdown(wait=True) waits for everything submitted
log.clear()
ex = ThreadPoolExecutor(max_workers=2)
fs = [ex.submit(slow, i) for i in range(4)]
ex.shutdown(wait=True)
print("after shutdown(wait=True):", sorted(log), [f.done() for f in fs])

# the context manager shuts down with wait=True, also on an exception
log.clear()
try:
    with ThreadPoolExecutor(2) as ex:
        ex.submit(slow, "in with")
        raise KeyError("leaving")
except KeyError as e:
    print("KeyError", e, log)

# never shut down: the interpreter waits for queued work at exit
ex = ThreadPoolExecutor(max_workers=1)
ex.submit(slow, "at exit").add_done_callback(lambda f: print("finished", f.result()))
ex.submit(slow, "at exit 2").add_done_callback(lambda f: print("finished", f.result()))
print("main ends")
