# Tasks still pending when their loop is dropped: "Task was destroyed but it is pending!" on
# stderr. A task that never ran goes when its last reference does; tasks waiting on a future
# are in a reference cycle with it, and go at exit, where their coroutines are closed (their
# `finally` blocks run) after the messages.
import asyncio


async def forever(n):
    try:
        await asyncio.sleep(10)
    finally:
        print("cleanup", n)


async def never_started():
    print("never printed")


def main():
    loop = asyncio.new_event_loop()
    loop.create_task(forever(1))
    loop.create_task(forever(2))
    loop.run_until_complete(asyncio.sleep(0.01))
    coro = never_started()
    t3 = loop.create_task(coro)
    print("closing the loop")
    loop.close()
    coro.close()
    del t3
    print("the task that never ran is gone")


main()
print("end of the program")
