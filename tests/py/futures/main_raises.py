# The main program raises while a pool has work queued: the traceback, then the queued work
# still runs before the interpreter exits with status 1.
import time
from concurrent.futures import ThreadPoolExecutor

pool = ThreadPoolExecutor(max_workers=2)


def job(x):
    time.sleep(0.02 * (x + 1))
    print("job", x, "done", flush=True)
    return x


fs = [pool.submit(job, i) for i in range(3)]
fs[0].result()
print("first result in; now failing", flush=True)
raise SystemError("main fails")
