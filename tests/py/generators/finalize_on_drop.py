# A generator dropped before its end is closed at once (its finally blocks run), as CPython's
# reference counting does; an async generator dropped on a running loop is closed by the loop
# (asyncio's finalizer hook schedules aclose()).
import asyncio


def g(name):
    try:
        yield 1
        yield 2
    finally:
        print("finally of", name)


for x in g("loop"):
    print("got", x)
    break
print("after break")

it = g("rebound")
next(it)
it = None
print("after rebinding")

it = g("deleted")
next(it)
del it
print("after del")


def local():
    it = g("local")
    next(it)
    return "returned"


print(local())
print(list(zip(range(1), g("zip"))))
print("after zip")


async def agen():
    try:
        yield 1
        yield 2
    finally:
        print("agen finally")


async def main():
    async for x in agen():
        print("agen got", x)
        break
    print("after async break")
    await asyncio.sleep(0)
    print("after one loop iteration")
    await asyncio.sleep(0)
    print("after two")


asyncio.run(main())


def ignores():
    try:
        yield 1
    finally:
        yield 2


b = ignores()
next(b)
del b
print("end")
