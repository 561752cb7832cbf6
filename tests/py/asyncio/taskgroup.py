# TaskGroup (3.11): waits for every child; a failing child cancels its siblings and the
# parent's block, and the errors come out as an ExceptionGroup.
import asyncio


async def child(name, delay, log, fail=None):
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        log.append(f"{name} cancelled")
        raise
    if fail is not None:
        log.append(f"{name} fails")
        raise fail
    log.append(f"{name} done")
    return name


async def main():
    log = []
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(child("a", 0.02, log))
        b = tg.create_task(child("b", 0.01, log), name="bee")
        print("inside:", b.get_name(), repr(tg).startswith("<TaskGroup"))
    print("after:", a.result(), b.result(), log)

    log = []
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child("ok", 1, log))
            tg.create_task(child("bad", 0.01, log, ValueError("bad value")))
            await asyncio.sleep(1)
            log.append("body not reached")
    except ExceptionGroup as eg:
        print("ExceptionGroup:", eg.message, [repr(e) for e in eg.exceptions])
        print(str(eg), isinstance(eg, Exception))
    print(log)

    log = []
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child("e1", 0.01, log, KeyError("k")))
            tg.create_task(child("e2", 0.01, log, TypeError("t")))
    except ExceptionGroup as eg:
        keys, rest = eg.split(KeyError)
        print("KeyError part:", [repr(e) for e in keys.exceptions])
        print("the rest:", [repr(e) for e in rest.exceptions])
    print(log)

    log = []
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child("s1", 0.01, log, KeyError("k")))
            tg.create_task(child("s2", 0.01, log, TypeError("t")))
    except* KeyError as eg:
        print("except* KeyError:", [repr(e) for e in eg.exceptions])
    except* TypeError as eg:
        print("except* TypeError:", [repr(e) for e in eg.exceptions])
    print(log)

    # an error in the body itself
    log = []
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child("sibling", 1, log))
            await asyncio.sleep(0)
            raise RuntimeError("body failed")
    except ExceptionGroup as eg:
        print("body error:", [repr(e) for e in eg.exceptions], log)

    # exception group API
    eg = ExceptionGroup("many", [ValueError(1), TypeError(2), ValueError(3)])
    match, rest = eg.split(ValueError)
    print(repr(match), repr(rest))
    print(repr(eg.subgroup(lambda e: isinstance(e, TypeError))))
    print(repr(eg.subgroup(KeyError)))
    print(type(BaseExceptionGroup("m", [ValueError()])).__name__,
          type(BaseExceptionGroup("m", [KeyboardInterrupt()])).__name__)
    for args in [("x", []), (1, [ValueError()]), ("x", [1]), ("x", 5)]:
        try:
            ExceptionGroup(*args)
        except (TypeError, ValueError) as e:
            print(type(e).__name__, e)
    try:
        ExceptionGroup("x", [KeyboardInterrupt()])
    except TypeError as e:
        print(e)

    try:
        tg.create_task(child("late", 0, log))
    except RuntimeError as e:
        print(str(e).replace(repr(tg), "TG"))


asyncio.run(main())
