# as_completed yields in completion order; wait() with each return_when; their timeouts.
import time
from concurrent.futures import (ThreadPoolExecutor, as_completed, wait, FIRST_COMPLETED,
                                FIRST_EXCEPTION, ALL_COMPLETED, Future)
import concurrent.futures


def job(name, delay, fail=False):
    time.sleep(delay)
    if fail:
        raise RuntimeError("job %s failed" % name)
    return name


def names(fs):
    return sorted(f.result() if f.exception() is None else "!" + str(f.exception()) for f in fs)


with ThreadPoolExecutor(max_workers=3) as ex:
    fs = [ex.submit(job, n, d) for n, d in [("slow", 0.05), ("fast", 0.01), ("mid", 0.03)]]
    print([f.result() for f in as_completed(fs)])
    # every future is done now: each is yielded once, duplicates too
    print(sorted(f.result() for f in as_completed(fs + fs)))
    print(list(as_completed([])))

    fs = [ex.submit(job, n, d) for n, d in [("a", 0.05), ("b", 0.01), ("c", 0.03)]]
    done, not_done = wait(fs, return_when=FIRST_COMPLETED)
    print("FIRST_COMPLETED", names(done), len(not_done))
    res = wait(fs)
    print("ALL_COMPLETED", type(res).__name__, names(res.done), res.not_done)
    print(res._fields, res == (res.done, res.not_done))
    print("already done, FIRST_COMPLETED", names(wait(fs, return_when=FIRST_COMPLETED).done))

    fs = [ex.submit(job, "x", 0.05), ex.submit(job, "y", 0.01, True), ex.submit(job, "z", 0.03)]
    done, not_done = wait(fs, return_when=FIRST_EXCEPTION)
    print("FIRST_EXCEPTION", names(done), len(not_done))
    done, not_done = wait(fs, return_when=FIRST_EXCEPTION)
    print("FIRST_EXCEPTION again", names(done), len(not_done))
    wait(fs)
    fs = [ex.submit(job, "p", 0.02), ex.submit(job, "q", 0.01)]
    done, not_done = wait(fs, return_when=FIRST_EXCEPTION)
    print("FIRST_EXCEPTION without one", names(done), len(not_done))

    # timeouts
    fs = [ex.submit(job, "quick", 0.01), ex.submit(job, "long", 0.3), ex.submit(job, "longer", 0.4)]
    done, not_done = wait(fs, timeout=0.1)
    print("wait timeout", names(done), len(not_done))
    got = []
    try:
        for f in as_completed(fs, timeout=0.1):
            got.append(f.result())
    except concurrent.futures.TimeoutError as e:
        print("as_completed TimeoutError:", e, got)
    try:
        for f in as_completed(fs, timeout=0):
            pass
    except TimeoutError as e:
        print("as_completed TimeoutError:", e)
    print([f.result() for f in as_completed(fs[1:], timeout=5)])

    try:
        wait([Future()], return_when="SOMETIMES")
    except ValueError as e:
        print("ValueError:", e)
    print(wait([], return_when="SOMETIMES"))

# futures from outside any pool
a, b = Future(), Future()
b.set_result("b")
got = []
try:
    for f in as_completed([a, b, b], timeout=0.01):
        got.append(f.result())
except TimeoutError as e:
    print("TimeoutError:", e, got)
done, not_done = wait([a, b], timeout=0.01)
print(len(done), len(not_done), a in not_done)
a.cancel()
# a cancelled future counts as done for wait() once an executor has been told
print(a.set_running_or_notify_cancel())
print(len(wait([a, b]).done), [f.cancelled() for f in as_completed([a])])
