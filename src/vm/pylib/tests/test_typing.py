"""Compare pylib/typing.py with CPython's typing."""

import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _harness import load, main

import typing as real
mine = load('typing', deps=['collections'])


def test_aliases(m, p):
    T = m.TypeVar('T')
    KT = m.TypeVar('KT', bound=int)
    Co = m.TypeVar('Co', covariant=True)
    p(T, KT, Co, m.TypeVar('Contra', contravariant=True), T.__name__, KT.__bound__)
    p(m.Any, m.List, m.List[int], m.Dict[str, m.List[int]], m.Set[str], m.FrozenSet[int],
      m.Tuple[int, str], m.Tuple[int, ...], m.Tuple[()], m.Type[int], m.List[T])
    p(m.Optional[int], m.Union[int, str], m.Union[int], m.Union[int, m.Union[str, float]],
      m.Union[int, None], m.Optional[m.Union[int, str]], m.Union[int, str, int])
    p(m.Callable[[int, str], bool], m.Callable[..., int], m.Callable[[], None])
    p(m.Iterable[int], m.Iterator[str], m.Generator[int, None, None], m.Sequence[int],
      m.Mapping[str, int], m.ClassVar[int], m.Final[int], m.Literal['a', 1])
    p(m.List[int] == m.List[int], m.List[int] == m.List[str], m.Union[int, str] == m.Union[str, int],
      m.Optional[int] == m.Union[int, None], hash(m.List[int]) == hash(m.List[int]))
    p(m.get_origin(m.List[int]) is list, m.get_args(m.Dict[str, int]), m.get_origin(m.Optional[int]) is m.Union,
      m.get_args(m.Optional[int]), m.get_args(int), m.get_origin(int), m.get_args(m.Callable[[int], str]))
    p.call(lambda: m.List[int, str])
    p.call(lambda: m.Dict[int])
    p(m.TYPE_CHECKING, m.cast(int, 'x'), m.cast('List[int]', 5), m.Text is str)
    p(m.Optional[int] | None == m.Optional[int] if m is mine else True)


def test_generic(m, p):
    T = m.TypeVar('T')

    class Box(m.Generic[T]):
        def __init__(self, item: T):
            self.item = item

        def get(self) -> T:
            return self.item

    b = Box(3)
    p(b.get(), Box[int](4).get(), isinstance(b, Box), issubclass(Box, m.Generic))

    class Sub(Box[str]):
        pass
    p(Sub('s').get(), isinstance(Sub('x'), Box))

    class Proto(m.Protocol):
        def meth(self) -> int:
            ...

    class Impl(Proto):
        def meth(self):
            return 1
    p(Impl().meth())

    @m.overload
    def f(x: int) -> int: ...

    def f(x):
        return x
    p(f(2))

    def annotated(a: m.List[int], b: m.Optional[str] = None) -> m.Dict[str, m.Any]:
        return {}
    p(sorted(annotated.__annotations__), annotated([1]))

    UserId = m.NewType('UserId', int)
    p(UserId(5), UserId.__supertype__)

    class WithHints:
        x: int
        y: 'str'
    p(m.get_type_hints(WithHints) == {'x': int, 'y': str} or m.get_type_hints(WithHints))


def test_namedtuple(m, p):
    class P(m.NamedTuple):
        x: int
        y: int = 0

    a = P(1, 2)
    p(a, P(5), P(y=3, x=4), a.x, a.y, a[0], tuple(a), a == (1, 2), P._fields, P._field_defaults,
      a._asdict(), a._replace(x=9), P._make([7, 8]), isinstance(a, tuple), hash(a) == hash((1, 2)))
    p.call(lambda: P())
    p.call(lambda: P(1, 2, 3))
    p.call(lambda: P(1, z=2))
    x, y = a
    p(x, y, len(a), P.__name__, sorted([P(2, 1), P(1, 5)]))

    class Emp(m.NamedTuple):
        name: str
        dept: str = 'eng'
        salary: float = 100.0

        def describe(self):
            return f'{self.name}/{self.dept}'

        def __repr__(self):
            return f'<Emp {self.name}>'
    e = Emp('ann')
    p(e, e.describe(), e.salary, Emp('bob', 'ops', 1.5)._asdict(), Emp.__annotations__ == {'name': str, 'dept': str, 'salary': float})

    def bad_order():
        class Bad(m.NamedTuple):
            a: int = 1
            b: int
    p.call(bad_order)

    def bad_override():
        class Bad(m.NamedTuple):
            a: int

            def _asdict(self):
                return {}
    p.call(bad_override)

    class Child(P):
        def total(self):
            return self.x + self.y
    p(Child(1, 2).total(), Child(3), Child._fields)

    F = m.NamedTuple('F', [('a', int), ('b', str)])
    p(F(1, 'x'), F._fields)

    class Movie(m.TypedDict):
        name: str
        year: int
    mv = Movie(name='Blade Runner', year=1982)
    p(mv, type(mv).__name__, mv['year'], Movie.__required_keys__ == frozenset({'name', 'year'}))


main([
    ('aliases', test_aliases, real, mine),
    ('generic', test_generic, real, mine),
    ('namedtuple', test_namedtuple, real, mine),
])
