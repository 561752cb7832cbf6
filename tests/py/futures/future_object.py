# A Future on its own: states, results, exceptions, cancellation, callbacks, errors.
import concurrent.futures
from concurrent.futures import Future, CancelledError, InvalidStateError, BrokenExecutor, Executor


def state(f):
    # "<Future at 0x... state=pending>" without the address
    r = repr(f)
    return r.split(" at ")[0] + " " + r.split(" ", 3)[3]


f = Future()
print(state(f), f.done(), f.running(), f.cancelled())
print(f.set_running_or_notify_cancel(), state(f), f.running(), f.done())
print(f.cancel(), f.cancelled())
f.set_result(42)
print(state(f), f.done(), f.running(), f.result(), f.exception())
try:
    f.set_result(1)
except InvalidStateError as e:
    print("InvalidStateError:", str(e).split(" at ")[0])
try:
    f.set_exception(ValueError())
except InvalidStateError as e:
    print("InvalidStateError:", str(e).split(" at ")[0])
try:
    f.set_running_or_notify_cancel()
except RuntimeError as e:
    print("RuntimeError:", e)

g = Future()
g.set_exception(KeyError("k"))
print(state(g), repr(g.exception()))
try:
    g.result()
except KeyError as e:
    print("KeyError", e)

n = Future()
print(state(Future()), "none" if n.set_result(None) is None else "?", state(n))

c = Future()
print(c.cancel(), c.cancel(), c.cancelled(), c.done(), state(c))
try:
    c.result()
except CancelledError as e:
    print("CancelledError", repr(e))
try:
    c.exception()
except CancelledError:
    print("CancelledError from exception()")
print(c.set_running_or_notify_cancel(), state(c), c.cancel())
try:
    c.set_result(3)
except InvalidStateError as e:
    print("InvalidStateError:", str(e).split(" at ")[0])

p = Future()
for t in (0, 0.01):
    try:
        p.result(timeout=t)
    except concurrent.futures.TimeoutError as e:
        print("TimeoutError", repr(e), type(e) is TimeoutError)
    try:
        p.exception(t)
    except TimeoutError:
        print("TimeoutError from exception()")

calls = []
d = Future()
d.add_done_callback(lambda fut: calls.append(("first", fut.result())))


def bad(fut):
    calls.append("bad")
    raise ValueError("callbacks may fail")


d.add_done_callback(bad)
d.add_done_callback(lambda fut: calls.append(("third", fut is d)))
print(calls)
d.set_result("x")
print(calls)
d.add_done_callback(lambda fut: calls.append("late"))
print(calls)
e = Future()
e.add_done_callback(lambda fut: calls.append(("cancelled", fut.cancelled())))
e.cancel()
print(calls[-1])

print(issubclass(CancelledError, concurrent.futures._base.Error), CancelledError.__mro__[1:])
print(InvalidStateError.__mro__[1:])
print(concurrent.futures.TimeoutError is TimeoutError, issubclass(BrokenExecutor, RuntimeError))
print(concurrent.futures.FIRST_COMPLETED, concurrent.futures.FIRST_EXCEPTION,
      concurrent.futures.ALL_COMPLETED)
print(Future[int] is Future or Future[int].__origin__ is Future)
print(sorted(concurrent.futures.__all__))


class Nothing(Executor):
    pass


try:
    Nothing().submit(print)
except NotImplementedError as e:
    print("NotImplementedError", repr(e))
with Nothing() as ex:
    print(type(ex).__name__)
