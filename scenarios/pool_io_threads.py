"""I/O-bound jobs on a thread pool: threads help when the work is waiting.

What it shows: eight "downloads" (each `time.sleep(0.1)`, which releases the GIL as a network
read does, followed by a little parsing in Python) done one after another take about 0.8 s; on
a `ThreadPoolExecutor` with four workers they overlap four at a time and take about 0.2 s.

What to look for in the timeline: in the pool half, the four ThreadPoolExecutor-0_N rows are
"blocking" (~) together; the GIL row is nearly idle, taken only for the short parsing bursts;
each worker picks up a second download after its first.
"""
import time
from concurrent.futures import ThreadPoolExecutor

URLS = [f"https://example.org/page/{i}" for i in range(8)]
DELAY = 0.1


def download(url):
    time.sleep(DELAY)  # waiting for the network: the GIL is released
    size = 0
    for ch in url * 50:  # "parsing" the page: Python code, under the GIL
        size += 1
    return size


start = time.perf_counter()
sizes = [download(u) for u in URLS]
sequential = time.perf_counter() - start

start = time.perf_counter()
with ThreadPoolExecutor(max_workers=4) as pool:
    pooled_sizes = list(pool.map(download, URLS))
pooled = time.perf_counter() - start

print(f"{len(URLS)} downloads, {sum(sizes)} bytes parsed, same results: {sizes == pooled_sizes}")
print(f"sequential  {sequential:.3f} s")
print(f"thread pool {pooled:.3f} s (4 workers)")
print(f"speed-up {sequential / pooled:.1f}x")
