"""collections.abc: the ABCs on builtins (hooks and registrations), mixin methods of user
subclasses, abstract-method errors, subscripting; abc.ABC.register and __subclasshook__."""
from collections.abc import (Iterable, Iterator, Mapping, MutableMapping, Sequence, MutableSequence,
    Hashable, Sized, Container, Callable, Generator, Set, MutableSet, Collection, Reversible,
    Awaitable, Coroutine, AsyncIterable, AsyncIterator, KeysView)
import collections.abc
vals = [[], (), {}, set(), frozenset(), "s", 3, 3.5, None, range(3), iter([]), (x for x in []), len, lambda: 0, {}.keys(), zip()]
for abc in (Iterable, Iterator, Mapping, MutableMapping, Sequence, MutableSequence, Hashable, Sized, Container, Callable, Generator, Set, MutableSet, Collection, Reversible, KeysView):
    print(abc.__name__, [isinstance(v, abc) for v in vals])
class MyMap(Mapping):
    def __init__(self, d): self._d = d
    def __getitem__(self, k): return self._d[k]
    def __iter__(self): return iter(self._d)
    def __len__(self): return len(self._d)
m = MyMap({'a': 1, 'b': 2})
print(m.get('a'), m.get('z', 0), 'a' in m, list(m.keys()), list(m.items()), list(m.values()), m == {'a': 1, 'b': 2})
class MySeq(Sequence):
    def __getitem__(self, i): return [1, 2, 3, 2][i]
    def __len__(self): return 4
s = MySeq()
print(list(reversed(s)), s.index(2), s.count(2), 3 in s, list(s))
class Bad(Mapping): pass
try: Bad()
except TypeError as e: print(e)
class MS(MutableSet):
    def __init__(self, it=()): self.s = set(it)
    def __contains__(self, x): return x in self.s
    def __iter__(self): return iter(self.s)
    def __len__(self): return len(self.s)
    def add(self, x): self.s.add(x)
    def discard(self, x): self.s.discard(x)
a = MS([1, 2, 3]); a |= {4}; print(sorted(a), sorted(a & {1, 2}), a <= {1, 2, 3, 4, 5})
print(issubclass(list, Iterable), issubclass(int, Iterable), Iterable[int], collections.abc.Sized)
def f(xs: Iterable[int]) -> Iterator[str]: return (str(x) for x in xs)
print(list(f([1, 2])))
print(len.__call__([1, 2]), (lambda x: x + 1).__call__(1), int.__call__('5'), callable(int), isinstance(int, Callable), isinstance(print, Callable))
class K:
    def m(self): return 7
print(K().m.__call__(), isinstance(K().m, Callable), isinstance(K(), Callable))
from abc import ABC, abstractmethod
class Shape(ABC):
    @abstractmethod
    def area(self): ...
class Sq(Shape):
    def area(self): return 4
try: Shape()
except TypeError as e: print(e)
print(Sq().area(), isinstance(Sq(), Shape), issubclass(int, Shape))
class Duck:
    pass
Shape.register(Duck)
print(isinstance(Duck(), Shape), issubclass(Duck, Shape), issubclass(Duck, Sq))
class Sized2(ABC):
    @classmethod
    def __subclasshook__(cls, C):
        if cls is Sized2:
            return any('__len__' in B.__dict__ for B in C.__mro__)
        return NotImplemented
print(isinstance([], Sized2), isinstance(3, Sized2), issubclass(dict, Sized2))
class Sub(Sized2): pass
print(isinstance([], Sub))
try: Shape.register(3)
except TypeError as e: print(e)
print(hash((1,)), isinstance([], (int, Sized2)))
class L(list): pass
try: hash(L())
except TypeError as e: print(e)
print(list.__hash__, dict.__hash__, set.__hash__)
