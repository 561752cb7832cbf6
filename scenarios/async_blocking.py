"""One blocking call stalls every task on the event loop.

What it shows: a ticker task awaits `asyncio.sleep(0.005)` twenty times (a tick every 5 ms).
Beside it, after the fourth tick, a second task waits 50 ms in one of three ways:
- `time.sleep(0.05)`: a blocking call inside a coroutine. Nothing preempts a coroutine, so the
  whole loop stops: the ticker's next tick comes 50 ms late and the run takes 50 ms longer.
- `await asyncio.sleep(0.05)`: the task gives the loop back while it waits; the ticks stay
  about 5 ms apart and the run takes as long as the ticker alone.
- `await asyncio.to_thread(time.sleep, 0.05)`: the blocking call moves to a worker thread of
  the loop's thread pool (named asyncio_0); the loop goes on ticking.
Measured with CPython 3.11 here: longest gap 50.2 ms and total 151 ms with `time.sleep`;
5.3 ms and 104 ms with `await`; about 6 ms and 105 ms with `to_thread`.

What to look for in the timeline: the MainThread (the loop's thread) is mostly idle, blocked in
`select` between ticks; with `time.sleep` it is blocking for 50 ms in one piece; with
`to_thread` a worker thread does the sleeping while the loop keeps waking up.
"""
import asyncio
import time

TICKS = 20


async def ticker(gaps, fourth_tick):
    last = time.perf_counter()
    for i in range(TICKS):
        await asyncio.sleep(0.005)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
        if i == 3:
            fourth_tick.set()


async def waiter(how, fourth_tick):
    await fourth_tick.wait()
    if how == "time.sleep":
        time.sleep(0.05)  # blocks the event loop
    elif how == "await":
        await asyncio.sleep(0.05)
    else:
        await asyncio.to_thread(time.sleep, 0.05)


async def run(how):
    gaps = []
    fourth_tick = asyncio.Event()
    start = time.perf_counter()
    await asyncio.gather(ticker(gaps, fourth_tick), waiter(how, fourth_tick))
    total = time.perf_counter() - start
    print(f"{how}: longest gap between ticks: {max(gaps) * 1e3:.1f} ms")
    print(f"{how}: mean gap between ticks: {sum(gaps) / len(gaps) * 1e3:.2f} ms")
    print(f"{how}: total: {total * 1e3:.0f} ms")


async def main():
    for how in ("time.sleep", "await", "to_thread"):
        await run(how)


asyncio.run(main())
