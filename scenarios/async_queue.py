"""Producer and consumers over an asyncio.Queue: a bounded queue paces the producer.

What it shows: a producer puts 30 jobs on a queue that holds at most 5; three consumers take
jobs and each job takes 30 ms of waiting (`asyncio.sleep`, standing in for I/O). The producer
could go faster, but `await queue.put()` waits while the queue is full, so it is paced by the
consumers: 30 jobs over 3 consumers take about 10 x 30 ms. `await queue.join()` returns once
every job was marked done with `task_done()`.

What to look for in the timeline: one thread, idle in `select` most of the time; every 30 ms
a burst of running as the three consumers finish a job each and the producer refills.
"""
import asyncio
import time

JOBS = 30
CONSUMERS = 3
WORK = 0.03


async def producer(queue, log):
    start = time.perf_counter()
    for job in range(JOBS):
        await queue.put(job)
        log.append(("put", job, time.perf_counter() - start))


async def consumer(name, queue, done):
    while True:
        job = await queue.get()
        await asyncio.sleep(WORK)
        done[name] = done.get(name, 0) + 1
        queue.task_done()


async def main():
    queue = asyncio.Queue(maxsize=5)
    log = []
    done = {}
    start = time.perf_counter()
    consumers = [asyncio.create_task(consumer(f"consumer-{i}", queue, done))
                 for i in range(CONSUMERS)]
    await producer(queue, log)
    produced = time.perf_counter() - start
    await queue.join()
    total = time.perf_counter() - start
    for c in consumers:
        c.cancel()
    await asyncio.gather(*consumers, return_exceptions=True)

    first_blocked = next(job for _, job, t in log if t > 0.001)
    print(f"the producer ran ahead until job {first_blocked}, then waited for room")
    print(f"jobs done per consumer: {sorted(done.items())}")
    print(f"producer finished after: {produced:.2f} s")
    print(f"all {JOBS} jobs done after: {total:.2f} s "
          f"(about {JOBS // CONSUMERS} x {WORK * 1e3:.0f} ms)")


asyncio.run(main())
