# The default exception handler's messages on stderr, as CPython logs them: a task that
# failed with nobody asking for its exception, once it is gone.
import asyncio


async def boom(n):
    await asyncio.sleep(0)
    raise ValueError(f"lost {n}")


async def main():
    asyncio.create_task(boom(1))
    await asyncio.sleep(0.01)
    print("the first is gone")
    t = asyncio.create_task(boom(2), name="second")
    await asyncio.sleep(0.01)
    print("the second is still referenced")
    del t
    print("now it is gone too")


asyncio.run(main())
print("after run")
