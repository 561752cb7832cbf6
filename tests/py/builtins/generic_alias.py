"""list[int] and friends (types.GenericAlias), int | None (types.UnionType), isinstance with a
union, generic classes of the library, subscripting a class that is not generic."""
print(repr(list[int]), repr(tuple[()]), repr(dict[str, list[int]]), repr(tuple[int, ...]), list[int] == list[int], list[int].__origin__, list[int].__args__, list[int]([1]), type[int])
import collections.abc as c; print(c.Callable[[int], str], c.Iterable[int])
x = list[int]; print(x.append)
try: isinstance([], list[int])
except TypeError as e: print(e)
try: int[3]
except TypeError as e: print(e)
class U: pass
try: U[3]
except TypeError as e: print(e)
def f(a: list[int], b: dict[str, int] | None = None) -> set[str]: pass
print(f.__annotations__['a'], f.__annotations__['return'])
from collections import deque, defaultdict, OrderedDict, Counter
print(deque[int], defaultdict[str, int], Counter[str])
print(int | None, int | str | None, (int | str) == (str | int), isinstance(3, int | str), isinstance(None, int | None), list[int] | None, None | int)
try: int | 3
except TypeError as e: print(e)
import typing
def g(x: typing.Optional[int] = None) -> 'int | None': return x
print(g())
import queue, asyncio, concurrent.futures as cf, collections, contextvars
from queue import Queue
jobs: Queue[int] = Queue()
print(Queue[int], queue.SimpleQueue[str], queue.LifoQueue[int], asyncio.Queue[int], asyncio.Future[int], asyncio.Task[str], cf.Future[int])
print(collections.deque[int], collections.OrderedDict[str, int], contextvars.ContextVar[int])
