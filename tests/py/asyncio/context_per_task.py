# asyncio and contextvars: each task runs in a copy of the context it was created in (its
# sets stay in its copy), callbacks run in the context given to call_soon or a copy of the
# caller's, to_thread carries the context to the worker thread, and asyncio.run leaves the
# caller's context untouched.
import asyncio
import contextvars

request_id = contextvars.ContextVar("request_id", default="-")
user = contextvars.ContextVar("user")


def log(msg):
    print(f"[{request_id.get()}] {msg}")


async def handle(n):
    request_id.set(f"req-{n}")
    log("start")
    await asyncio.sleep(0.01 * (3 - n))
    log("after sleep")
    return request_id.get()


async def in_worker(n):
    request_id.set(f"worker-{n}")
    await asyncio.to_thread(log, "in a worker thread")
    log("back on the loop")


async def main():
    log("main before")
    results = await asyncio.gather(*(handle(n) for n in range(3)))
    print(results)
    log("main after: the tasks' sets stayed in their copies")
    for n in range(2):
        await asyncio.create_task(in_worker(n))
    tok = request_id.set("main")
    t = asyncio.create_task(handle(9))
    await t
    log("main still has its own")
    request_id.reset(tok)
    log("reset")
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    ctx2 = contextvars.copy_context()
    ctx2.run(request_id.set, "cb-ctx")
    loop.call_soon(lambda: (log("callback in ctx2"), done.set_result(None)), context=ctx2)
    await done
    loop.call_soon(log, "callback in a copy of main's")
    await asyncio.sleep(0)


request_id.set("top")
asyncio.run(main())
log("after run: untouched")
