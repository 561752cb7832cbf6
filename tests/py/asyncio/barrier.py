# asyncio.Barrier (3.11): tasks wait until `parties` of them have arrived, then all go on
# together; wait() gives each an index; reset() and abort() break the waiters out with
# BrokenBarrierError.
import asyncio


def shown(barrier):
    """Its repr without the address."""
    r = repr(barrier)
    at = r.index(" at 0x")
    return r[:at] + r[r.index(" ", at + 4):]


async def runner(name, barrier, delay, log):
    for rnd in range(2):
        await asyncio.sleep(delay)
        log.append(f"{name} arrives ({barrier.n_waiting} waiting)")
        index = await barrier.wait()
        log.append(f"{name} passes round {rnd} as {index}")


async def rounds():
    barrier = asyncio.Barrier(3)
    print(shown(barrier), barrier.parties, barrier.n_waiting, barrier.broken)
    log = []
    await asyncio.gather(*(runner(n, barrier, d, log)
                           for n, d in [("a", 0.03), ("b", 0.01), ("c", 0.02)]))
    print("\n".join(log))
    print(shown(barrier))


async def broken_out(barrier, name):
    try:
        await barrier.wait()
        print(name, "passed")
    except asyncio.BrokenBarrierError as e:
        print(name, "broken out:", repr(e))


async def reset_and_abort():
    barrier = asyncio.Barrier(3)
    waiters = [asyncio.create_task(broken_out(barrier, f"w{i}")) for i in range(2)]
    await asyncio.sleep(0.01)
    print(shown(barrier))
    await barrier.reset()
    await asyncio.gather(*waiters)
    print("after reset:", shown(barrier), barrier.broken)
    # usable again
    async with barrier as i0:
        pass
    print("never here", i0)


async def abort():
    barrier = asyncio.Barrier(2)
    waiter = asyncio.create_task(broken_out(barrier, "w"))
    await asyncio.sleep(0.01)
    await barrier.abort()
    await waiter
    print("after abort:", shown(barrier), barrier.broken, barrier.n_waiting)
    await broken_out(barrier, "late")


async def with_statement():
    barrier = asyncio.Barrier(2)

    async def member(n):
        async with barrier as index:
            print("member", n, "index", index)

    await asyncio.gather(member(1), member(2))


async def main():
    await rounds()
    try:
        await asyncio.wait_for(reset_and_abort(), 0.1)
    except TimeoutError:
        print("the third party never came: timed out")
    await abort()
    await with_statement()
    try:
        asyncio.Barrier(0)
    except ValueError as e:
        print("ValueError:", e)


asyncio.run(main())
