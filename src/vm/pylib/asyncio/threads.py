"""High-level support for working with threads in asyncio (Lib/asyncio/threads.py)."""

__all__ = "to_thread",

import contextvars

from asyncio import events
from asyncio.format_helpers import partial


async def to_thread(func, /, *args, **kwargs):
    """Asynchronously run function *func* in a separate thread (the loop's default
    executor) and return its result."""
    loop = events.get_running_loop()
    ctx = contextvars.copy_context()
    func_call = partial(ctx.run, func, *args, **kwargs)
    return await loop.run_in_executor(None, func_call)
