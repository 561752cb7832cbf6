"""The two-argument form of the builtin `anext`: its default replaces StopAsyncIteration."""


async def anext_default(anext_method, default):
    try:
        return await anext_method()
    except StopAsyncIteration:
        return default
