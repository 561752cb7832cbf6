# The loop's callbacks: call_soon is FIFO, call_later/call_at run in time order (ties in
# scheduling order), cancelled handles never run, done callbacks run in registration order.
import asyncio


def main():
    loop = asyncio.new_event_loop()
    log = []
    loop.call_soon(log.append, "soon 1")
    loop.call_later(0.02, log.append, "later 20ms")
    loop.call_later(0.01, log.append, "later 10ms")
    h = loop.call_later(0.005, log.append, "cancelled")
    loop.call_later(0.01, log.append, "later 10ms again")
    loop.call_at(loop.time() + 0.015, log.append, "at 15ms")
    loop.call_soon(log.append, "soon 2")
    loop.call_later(0, log.append, "later 0")
    loop.call_later(-1, log.append, "later -1")
    h.cancel()
    print(h.cancelled(), repr(h).startswith("<TimerHandle cancelled when="))

    def nested():
        log.append("nested runs")
        loop.call_soon(log.append, "scheduled by nested")

    loop.call_soon(nested)
    loop.call_later(0.03, loop.stop)
    loop.run_forever()
    print(log)

    fut = loop.create_future()
    order = []
    fut.add_done_callback(lambda f: order.append(("first", f.result())))
    fut.add_done_callback(lambda f: order.append(("second", f.result())))
    cb = lambda f: order.append("removed")
    fut.add_done_callback(cb)
    print("removed:", fut.remove_done_callback(cb))
    print(repr(fut).replace(__file__, "FILE"))
    loop.call_soon(fut.set_result, 42)
    print(loop.run_until_complete(fut), order)
    fut.add_done_callback(lambda f: order.append("late"))
    loop.run_until_complete(asyncio.sleep(0))
    print(order, repr(fut))

    f2 = loop.create_future()
    f2.set_exception(ValueError("v"))
    print(repr(f2), repr(f2.exception()))
    try:
        f2.set_result(1)
    except asyncio.InvalidStateError as e:
        print("InvalidStateError:", e)
    f3 = loop.create_future()
    try:
        f3.result()
    except asyncio.InvalidStateError as e:
        print(e)
    print(f3.cancel(), f3.cancelled(), f3.cancel())
    try:
        f3.set_exception(StopIteration())
    except Exception as e:
        print(type(e).__name__)

    async def coro():
        return "via run_until_complete"

    print(loop.run_until_complete(coro()))
    print(loop.is_running(), loop.is_closed())
    loop.close()
    print(loop.is_closed())
    try:
        loop.call_soon(print)
    except RuntimeError as e:
        print(e)

    async def main_coro():
        loop = asyncio.get_running_loop()
        t0 = loop.time()
        fut = loop.create_future()
        loop.call_later(0.05, fut.set_result, "timer fired")
        print(await fut, round(loop.time() - t0, 2) >= 0.05)
        print(asyncio.get_event_loop() is loop, loop.is_running())

    asyncio.run(main_coro())
    try:
        asyncio.get_running_loop()
    except RuntimeError as e:
        print(e)


main()
