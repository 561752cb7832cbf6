"""Per-task state: a global "current request" is clobbered by concurrent tasks; a ContextVar is not.

What it shows: three requests are handled concurrently on one event loop, and a helper deep in
the call chain logs which request it works for, without being passed it. Kept in a global, the
request id is whatever the last task to start wrote there: after the first `await` every task
logs the id of request 3. Kept in a `contextvars.ContextVar`, each task sees its own: asyncio
runs every task in its own copy of the context it was created in, as threads each have their
own thread-locals. The handler sets the variable; its caller (main) still sees the value it
had before, because the task's set went into the task's copy.

What to look for in the timeline: nothing unusual, and that is the point: the three task rows
interleave step by step, and that interleaving is what breaks the global.
"""
import asyncio
import contextvars

current_request = None
request_var = contextvars.ContextVar("request", default="none")


def log_global(msg):
    print(f"  [{current_request}] {msg}")


def log_var(msg):
    print(f"  [{request_var.get()}] {msg}")


async def handle_global(n):
    global current_request
    current_request = f"request {n}"
    log_global("received")
    await asyncio.sleep(0.01 * n)
    log_global("replied")


async def handle_var(n):
    request_var.set(f"request {n}")
    log_var("received")
    await asyncio.sleep(0.01 * n)
    log_var("replied")


async def main():
    print("a global:")
    await asyncio.gather(*(handle_global(n) for n in (1, 2, 3)))
    print("a ContextVar:")
    await asyncio.gather(*(handle_var(n) for n in (1, 2, 3)))
    print(f"main still sees: {request_var.get()}")


asyncio.run(main())
