# asyncio.Queue: producers and consumers, a bounded queue making put() wait,
# task_done()/join(), QueueEmpty/QueueFull, PriorityQueue and LifoQueue.
import asyncio


async def producer(q, name, n, log):
    for i in range(n):
        await q.put(f"{name}{i}")
        log.append(f"put {name}{i} size={q.qsize()}")
    log.append(f"{name} finished")


async def consumer(q, name, log):
    while True:
        item = await q.get()
        log.append(f"{name} got {item}")
        await asyncio.sleep(0.001)
        q.task_done()


async def main():
    log = []
    q = asyncio.Queue(maxsize=2)
    print(q.maxsize, q.empty(), q.full(), q.qsize())
    consumers = [asyncio.create_task(consumer(q, f"c{i}", log)) for i in range(2)]
    await asyncio.gather(producer(q, "p", 5, log), producer(q, "r", 3, log))
    await q.join()
    log.append("joined")
    for c in consumers:
        c.cancel()
    await asyncio.gather(*consumers, return_exceptions=True)
    print("\n".join(log))

    q = asyncio.Queue(1)
    q.put_nowait("a")
    try:
        q.put_nowait("b")
    except asyncio.QueueFull:
        print("QueueFull", q.full())
    print(q.get_nowait())
    try:
        q.get_nowait()
    except asyncio.QueueEmpty:
        print("QueueEmpty", q.empty())
    try:
        q.task_done()
        q.task_done()
    except ValueError as e:
        print(e)

    # a getter waits until something arrives
    q = asyncio.Queue()

    async def late_put():
        await asyncio.sleep(0.01)
        q.put_nowait("late")

    t = asyncio.create_task(late_put())
    print("waited for:", await q.get())
    await t

    # a cancelled getter leaves the queue usable
    getter = asyncio.create_task(q.get())
    await asyncio.sleep(0)
    getter.cancel()
    await asyncio.gather(getter, return_exceptions=True)
    q.put_nowait(1)
    print("after cancelled get:", q.get_nowait(), q.empty())

    pq = asyncio.PriorityQueue()
    for item in [(3, "c"), (1, "a"), (2, "b")]:
        pq.put_nowait(item)
    print([pq.get_nowait() for _ in range(3)])
    lq = asyncio.LifoQueue()
    for item in "xyz":
        await lq.put(item)
    print([await lq.get() for _ in range(3)])
    print(str(asyncio.Queue(3)))


asyncio.run(main())
