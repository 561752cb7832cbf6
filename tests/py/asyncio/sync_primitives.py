# asyncio.Lock, Event, Condition, Semaphore, BoundedSemaphore: who gets in, in which order.
import asyncio


async def main():
    log = []
    lock = asyncio.Lock()

    async def critical(name, hold):
        async with lock:
            log.append(f"{name} in")
            await asyncio.sleep(hold)
            log.append(f"{name} out")

    await asyncio.gather(critical("a", 0.01), critical("b", 0.001), critical("c", 0))
    print(log, lock.locked())

    await lock.acquire()
    print("locked:", lock.locked())
    lock.release()
    try:
        lock.release()
    except RuntimeError as e:
        print(e)

    # a cancelled waiter does not block the next one
    await lock.acquire()
    w1 = asyncio.create_task(lock.acquire())
    w2 = asyncio.create_task(lock.acquire())
    await asyncio.sleep(0)
    w1.cancel()
    lock.release()
    print("w2 got it:", await w2, "w1 cancelled:", w1.cancelled(), lock.locked())
    lock.release()

    # Event: every waiter wakes
    ev = asyncio.Event()
    log = []

    async def waiter(name):
        log.append(f"{name} waits")
        await ev.wait()
        log.append(f"{name} woke")

    tasks = [asyncio.create_task(waiter(n)) for n in "xyz"]
    await asyncio.sleep(0)
    print(ev.is_set(), log)
    ev.set()
    await asyncio.gather(*tasks)
    print(log, await ev.wait())
    ev.clear()
    print(ev.is_set())

    # Condition: notify wakes one, notify_all wakes the rest
    cond = asyncio.Condition()
    log = []
    items = []

    async def consumer(name):
        async with cond:
            await cond.wait_for(lambda: items)
            log.append(f"{name} took {items.pop(0)}")

    consumers = [asyncio.create_task(consumer(f"c{i}")) for i in range(3)]
    await asyncio.sleep(0)
    async with cond:
        items.append(1)
        cond.notify()
    await asyncio.sleep(0)
    async with cond:
        items.extend([2, 3])
        cond.notify_all()
    await asyncio.gather(*consumers)
    print(log)
    try:
        cond.notify()
    except RuntimeError as e:
        print(e)
    try:
        await cond.wait()
    except RuntimeError as e:
        print(e)

    # Semaphore: at most two inside at once
    sem = asyncio.Semaphore(2)
    inside = []
    peak = []

    async def limited(n):
        async with sem:
            inside.append(n)
            peak.append(len(inside))
            await asyncio.sleep(0.01)
            inside.remove(n)

    await asyncio.gather(*(limited(n) for n in range(5)))
    print("peak", max(peak), "locked", sem.locked())
    bsem = asyncio.BoundedSemaphore(1)
    await bsem.acquire()
    bsem.release()
    try:
        bsem.release()
    except ValueError as e:
        print(e)
    try:
        asyncio.Semaphore(-1)
    except ValueError as e:
        print(e)
    print(repr(asyncio.Lock()).endswith("[unlocked]>"), repr(ev).endswith("[unset]>"),
          repr(sem).endswith("[unlocked, value:2]>"))


asyncio.run(main())
