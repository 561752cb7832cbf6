"""Sequential awaits against gather: waiting overlaps, so the total is the longest, not the sum.

What it shows: three "downloads" wait 0.3 s, 0.2 s and 0.1 s (`asyncio.sleep` stands in for
network I/O). Awaited one after another they take 0.6 s, the sum. Started together with
`asyncio.gather` they take 0.3 s, the longest one, and gather still returns the results in
the order of its arguments, whichever finishes first. All of it on one thread.

What to look for in the timeline: a single thread, idle almost all the time: the loop blocks
in `select` until the next download is due, and each wake-up is a short burst of running.
"""
import asyncio
import time

DELAYS = {"big": 0.3, "medium": 0.2, "small": 0.1}
finished = []


async def download(name):
    await asyncio.sleep(DELAYS[name])
    finished.append(name)
    return f"{name} ({DELAYS[name]} s)"


async def main():
    start = time.perf_counter()
    results = []
    for name in DELAYS:
        results.append(await download(name))
    sequential = time.perf_counter() - start
    print("sequential results:", results)

    finished.clear()
    start = time.perf_counter()
    results = await asyncio.gather(*(download(name) for name in DELAYS))
    together = time.perf_counter() - start
    print("gather results:    ", results)
    print("finishing order:   ", finished)

    print(f"sequential awaits: {sequential:.2f} s (the sum: {sum(DELAYS.values()):.1f} s)")
    print(f"gather: {together:.2f} s (the longest: {max(DELAYS.values()):.1f} s)")


asyncio.run(main())
