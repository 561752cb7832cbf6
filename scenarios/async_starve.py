"""A CPU-bound coroutine starves the others; `await asyncio.sleep(0)` in its loop cuts it up.

What it shows: a heartbeat task wants to run every 10 ms. Beside it a coroutine adds up
numbers for a while without ever awaiting: nothing preempts a coroutine (there is no switch
interval on an event loop, only the GIL's, which concerns threads), so the heartbeat waits for
the whole computation. The same computation with `await asyncio.sleep(0)` every 20000 steps
hands the loop back each time, and the heartbeat keeps its rhythm, at the price of a little
extra time per step.

What to look for in the timeline: the MainThread runs without a break for the whole first
computation; in the second one the runs are short bursts between the heartbeat's wake-ups.
"""
import asyncio
import time

STEPS = 4_000_000


async def heartbeat(gaps, stop):
    last = time.perf_counter()
    while not stop.is_set():
        await asyncio.sleep(0.01)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now


async def crunch(yield_every):
    await asyncio.sleep(0.02)  # let the heartbeat get going
    start = time.perf_counter()
    total = 0
    for i in range(STEPS):
        total += i % 7
        if yield_every and i % yield_every == 0:
            await asyncio.sleep(0)
    return total, time.perf_counter() - start


async def run(label, yield_every):
    gaps = []
    stop = asyncio.Event()
    beat = asyncio.create_task(heartbeat(gaps, stop))
    total, took = await crunch(yield_every)
    await asyncio.sleep(0.03)  # a few more beats after it
    stop.set()
    await beat
    print(f"{label}: computation took {took * 1e3:.0f} ms")
    print(f"{label}: longest heartbeat gap: {max(gaps) * 1e3:.0f} ms")
    return total


async def main():
    a = await run("never awaiting", 0)
    b = await run("awaiting sleep(0) every 20000 steps", 20000)
    print("same result both ways:", a == b)


asyncio.run(main())
