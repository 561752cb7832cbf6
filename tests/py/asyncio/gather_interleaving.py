# gather keeps the order of its arguments, whatever order the results arrive in;
# sleep(0) yields exactly once, so tasks interleave step by step in FIFO order.
import asyncio

log = []


async def worker(name, steps):
    for i in range(steps):
        log.append(f"{name}{i}")
        await asyncio.sleep(0)
    return name * steps


async def delayed(value, delay):
    await asyncio.sleep(delay)
    log.append(f"done {value}")
    return value


async def fails(delay, exc):
    await asyncio.sleep(delay)
    raise exc


async def main():
    print(await asyncio.gather(worker("a", 3), worker("b", 2), worker("c", 4)))
    print(" ".join(log))
    log.clear()

    # results in argument order, completion in delay order
    print(await asyncio.gather(delayed(1, 0.03), delayed(2, 0.01), delayed(3, 0.02)))
    print(log)
    log.clear()

    # return_exceptions keeps errors as values
    r = await asyncio.gather(delayed("x", 0.01), fails(0.005, ValueError("bad")),
                             return_exceptions=True)
    print([repr(x) for x in r])

    # without it the first error propagates; the others keep running
    slow = asyncio.create_task(delayed("slow", 0.02))
    try:
        await asyncio.gather(slow, fails(0.005, KeyError("k")))
    except KeyError as e:
        print("gather raised", repr(e), "slow done?", slow.done())
    print("slow result", await slow)

    # the same awaitable twice runs once
    t = asyncio.create_task(delayed("twice", 0))
    print(await asyncio.gather(t, t))
    print(await asyncio.gather())

    # tasks start in creation order, each runs until its first await
    order = []

    async def step(n):
        order.append(("start", n))
        await asyncio.sleep(0)
        order.append(("resume", n))

    tasks = [asyncio.create_task(step(n)) for n in range(3)]
    order.append("main yields")
    await asyncio.sleep(0)
    order.append("main back")
    await asyncio.gather(*tasks)
    print(order)

    # sleep returns its result argument
    print(await asyncio.sleep(0, result="r0"), await asyncio.sleep(0.001, result="r1"))


asyncio.run(main())
