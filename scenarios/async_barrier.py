"""A barrier makes tasks go in lockstep rounds: each round lasts as long as its slowest task.

What it shows: three workers each do three rounds of work (`asyncio.sleep` standing in for
I/O) and meet at an `asyncio.Barrier(3)` after each round, as the steps of a simulation or the
phases of a batch job do. A round costs a worker 10, 20 or 40 ms, and who is slow changes from
round to round, so every worker has 70 ms of work in all. Without the barrier they all finish
after 70 ms. With it nobody starts a round before everyone has finished the one before, so
each round takes 40 ms, its slowest worker's time, and the run takes 3 x 40 = 120 ms: the sum
of the rounds' maxima, not the largest of the workers' sums. `wait()` gives each worker an
index; the last to arrive (index 2) is the one that released the others.

What to look for in the timeline: in each 40 ms round two task rows await the barrier while
the third sleeps; at each 40 ms mark all three run a step in the same burst. Without the
barrier the three rows end together at 70 ms.
"""
import asyncio
import time

COSTS = [0.010, 0.020, 0.040]
NAMES = ["ann", "bob", "cy"]
ROUNDS = 3


def cost(i, rnd):
    """Worker i's time in round rnd: the slow one changes each round."""
    return COSTS[(i + rnd) % len(COSTS)]


async def worker(i, barrier, done, start):
    for rnd in range(ROUNDS):
        await asyncio.sleep(cost(i, rnd))
        if barrier is not None:
            index = await barrier.wait()
            if index == barrier.parties - 1:
                t = time.perf_counter() - start
                print(f"  round {rnd} released by {NAMES[i]} at {t * 1000:.0f} ms")
    done[NAMES[i]] = time.perf_counter() - start


async def main():
    for label, barrier in [("without a barrier", None), ("with a barrier", asyncio.Barrier(3))]:
        print(label + ":")
        done = {}
        start = time.perf_counter()
        await asyncio.gather(*(worker(i, barrier, done, start) for i in range(3)))
        times = ", ".join(f"{n} {done[n] * 1000:.0f} ms" for n in NAMES)
        print(f"  finished: {times}")


asyncio.run(main())
