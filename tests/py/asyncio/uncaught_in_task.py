# An exception a coroutine lets out ends asyncio.run() with it: traceback, exit code 1.
import asyncio


async def worker():
    await asyncio.sleep(0.01)
    raise ValueError("worker failed")


async def main():
    t = asyncio.create_task(worker())
    print("started", t.get_name())
    await t
    print("not reached")


asyncio.run(main())
