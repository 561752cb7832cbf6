# Argument errors, keyword arguments through submit, module and class names.
from concurrent.futures import ThreadPoolExecutor, Future, wait, as_completed
import concurrent.futures as cf
ex = ThreadPoolExecutor(2)
for call in (lambda: ex.submit(), lambda: ex.map(), lambda: Future().result(1, 2, 3),
             lambda: ex.shutdown(True, True), lambda: wait(), lambda: as_completed(3).__next__()):
    try:
        call()
    except TypeError as e:
        print("TypeError:", e)
f = ex.submit(lambda **kw: sorted(kw), fn=1, a=2)
print(f.result())
print(ex.submit(divmod, 7, 2).result())
def raiser():
    raise cf.CancelledError("inner")
g = ex.submit(raiser)
print(repr(g.exception()), g.cancelled())
ex.shutdown()
print(cf.Future.__name__, cf.Future.__module__, cf.ThreadPoolExecutor.__module__, cf.__name__)
print(cf.thread.__name__, cf._base.__name__)
import concurrent
print(concurrent.futures is cf, concurrent.__name__)
