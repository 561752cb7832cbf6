"""A program whose trace is big (about 146 MB, 2M lines): four threads handing the GIL over
with sleep(0) every third iteration. For measuring how fast `analyze` and `export` read traces:

    gilsim run bench/big_trace.py --trace /tmp/big.jsonl --report none
    /usr/bin/time gilsim analyze /tmp/big.jsonl
    /usr/bin/time gilsim export /tmp/big.jsonl --format chrome -o /tmp/big.json
    /usr/bin/time gilsim export /tmp/big.jsonl --format html -o /tmp/big.html
"""
import threading
import time


def worker(n):
    total = 0
    for i in range(n):
        total += i
        if i % 3 == 0:
            time.sleep(0)


threads = [threading.Thread(target=worker, args=(300000,)) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
