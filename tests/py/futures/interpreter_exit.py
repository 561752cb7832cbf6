# At interpreter exit, thread pools finish their queued work before the program ends, and a
# submit from a thread still running then is refused.
import threading
import time
from concurrent.futures import ThreadPoolExecutor

pool = ThreadPoolExecutor(max_workers=1)


def job(x):
    time.sleep(0.05)
    print("job", x, "done")


def late_submitter():
    time.sleep(0.2)
    try:
        pool.submit(job, "late")
    except RuntimeError as e:
        print("RuntimeError:", e)
    try:
        ThreadPoolExecutor(1).submit(job, "new pool")
    except RuntimeError as e:
        print("RuntimeError:", e)


threading.Thread(target=late_submitter).start()
for i in range(2):
    pool.submit(job, i)
print("main ends")
