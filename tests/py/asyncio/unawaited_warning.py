# A coroutine that is never awaited: CPython prints a RuntimeWarning on stderr when it is
# dropped (once per location); the program itself goes on.
import asyncio


async def forgotten():
    return 1


def drop_it():
    c = forgotten()
    print("made", type(c).__name__)


drop_it()
forgotten()
for i in range(3):
    forgotten()


async def main():
    forgotten()
    await asyncio.sleep(0)
    print("main done")


asyncio.run(main())
print("end")
