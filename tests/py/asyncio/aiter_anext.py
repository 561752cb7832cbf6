"""The builtins aiter and anext: their awaitables, the default, and their TypeErrors."""
import asyncio
async def ag():
    yield 1
async def main():
    a = aiter(ag())
    print(await anext(a), await anext(a, 'd'))
    for bad in (1, [1]):
        try: aiter(bad)
        except TypeError as e: print(e)
        try: anext(bad)
        except TypeError as e: print(e)
    class A:
        def __aiter__(self): return 5
    try: aiter(A())
    except TypeError as e: print(e)
    try: anext()
    except TypeError as e: print(e)
    try: anext(a, 1, 2)
    except TypeError as e: print(e)
    try: await anext(a)
    except StopAsyncIteration as e: print('stop', repr(e))
asyncio.run(main())
