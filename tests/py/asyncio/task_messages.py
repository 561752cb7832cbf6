# "Task exception was never retrieved" and "Task was destroyed but it is pending!": a task or
# future that dies with an exception nobody asked for, or while still pending, tells the
# loop's exception handler (here one that prints on stdout; the default one logs on stderr).
import asyncio


def handler(loop, context):
    what = context.get("task") or context.get("future")
    exc = context.get("exception")
    print("handler:", context["message"])
    print("   keys:", sorted(context))
    print("   about:", type(what).__name__, what.get_name() if hasattr(what, "get_name") else "")
    if exc is not None:
        print("   exception:", repr(exc))


async def fail(n):
    await asyncio.sleep(0)
    raise ValueError(f"lost {n}")


async def main():
    asyncio.get_running_loop().set_exception_handler(handler)
    # nobody keeps the task: it dies once it has failed
    asyncio.create_task(fail(1), name="forgotten")
    await asyncio.sleep(0.01)
    print("after the forgotten task")
    # kept, and its exception asked for: no message
    t = asyncio.create_task(fail(2), name="asked")
    await asyncio.sleep(0.01)
    print("asked:", repr(t.exception()))
    del t
    # kept, never asked: the message comes when the last reference goes
    t = asyncio.create_task(fail(3), name="dropped later")
    await asyncio.sleep(0.01)
    print("still referenced")
    t = None
    print("reference dropped")
    # a plain future
    f = asyncio.get_running_loop().create_future()
    f.set_exception(KeyError("k"))
    f = None
    print("future dropped")
    # cancelled tasks never complain
    t = asyncio.create_task(asyncio.sleep(1))
    await asyncio.sleep(0)
    t.cancel()
    await asyncio.sleep(0)
    t = None
    print("cancelled task dropped")


asyncio.run(main())


async def never_run():
    print("never printed")


def close_early():
    # a task whose loop is closed before it ran is destroyed pending
    loop = asyncio.new_event_loop()
    loop.set_exception_handler(handler)
    coro = never_run()
    task = loop.create_task(coro, name="never run")
    loop.close()
    coro.close()  # (else its never-awaited warning follows)
    del task
    print("task dropped")


close_early()
print("end")
