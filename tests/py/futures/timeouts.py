# Timeouts: Future.result/exception, Executor.map, as_completed; what a timeout leaves behind.
import time
from concurrent.futures import ThreadPoolExecutor, TimeoutError


ran = []


def slow(x, delay=0.2):
    time.sleep(delay)
    ran.append(x)
    return x


with ThreadPoolExecutor(max_workers=1) as ex:
    f = ex.submit(slow, "late")
    t0 = time.monotonic()
    try:
        f.result(timeout=0.05)
    except TimeoutError as e:
        print("result timed out:", repr(e), isinstance(e, OSError))
    try:
        f.exception(timeout=0.01)
    except TimeoutError:
        print("exception() timed out")
    print(f.running(), f.done())
    print(f.result(timeout=1), f.done())

    # map: the timeout counts from the call; on timeout the futures not yet done are cancelled
    it = ex.map(slow, ["a", "b", "c"], [0.01, 0.3, 0.01], timeout=0.1)
    print(next(it))
    try:
        next(it)
    except TimeoutError as e:
        print("map timed out:", repr(e))
    try:
        next(it)
    except StopIteration:
        print("the map iterator is finished")
    # the queued third job was cancelled, so the single worker is free after 'b'
    print(ex.submit(slow, "next", 0.01).result(timeout=1))

    it = ex.map(slow, [1, 2], [0.01, 0.01], timeout=1)
    print(list(it))
print("ran:", ran)
