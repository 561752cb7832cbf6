"""Compare pylib/dataclasses.py with CPython's dataclasses."""

import os
import sys
import typing
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _harness import load, main

import dataclasses as real
mine = load('dataclasses', deps=['copy'])
import collections


def test_basic(m, p):
    @m.dataclass
    class Point:
        x: int
        y: int = 0

    a = Point(1, 2)
    p(a, Point(5), Point(x=3, y=4), Point(y=1, x=2), a.x, a.y, a == Point(1, 2), a != Point(1, 3),
      a == (1, 2), Point.__match_args__, Point.y, Point.__doc__)
    p.call(lambda: Point())
    p.call(lambda: Point(1, 2, 3))
    p.call(lambda: Point(1, x=2))
    p.call(lambda: Point(1, z=2))
    p.call(lambda: hash(a))
    a.x = 10
    p(a, m.is_dataclass(a), m.is_dataclass(Point), m.is_dataclass(1), m.is_dataclass(int))
    p([f.name for f in m.fields(Point)], [f.type for f in m.fields(a)], [f.default for f in m.fields(a)][1])
    p.call(lambda: m.fields(5))

    @m.dataclass
    class Three:
        a: int
        b: str
        c: float
    p.call(lambda: Three())
    p.call(lambda: Three(1))
    p(Three(1, 'two', 3.0), repr(Three('a', 'b', 'c')))

    @m.dataclass()
    class Empty:
        pass
    p(Empty(), Empty() == Empty())
    p.call(lambda: Empty(1))


def test_fields(m, p):
    @m.dataclass
    class Inv:
        name: str
        tags: list = m.field(default_factory=list)
        qty: int = m.field(default=1, repr=False)
        secret: str = m.field(default='s', compare=False)
        computed: int = m.field(init=False, default=0)
        made: list = m.field(init=False, default_factory=lambda: ['m'])
        counter: typing.ClassVar[int] = 7

    i = Inv('x')
    j = Inv('x')
    i.tags.append(1)
    p(i, j, i.tags is j.tags, i.qty, i.computed, i.made, Inv.counter, 'computed' in vars(i))
    p(Inv('a', [1], 2, 'q') == Inv('a', [1], 2, 'zzz'), Inv('a', qty=5), [f.name for f in m.fields(Inv)])
    p.call(lambda: Inv('a', computed=3))
    p(hasattr(Inv, 'tags'), Inv.qty, Inv.secret)
    p.call(lambda: m.field(default=1, default_factory=list))

    def mutable():
        @m.dataclass
        class Bad:
            x: list = []
    p.call(mutable)

    def order_err():
        @m.dataclass
        class Bad:
            x: int = 1
            y: int
    p.call(order_err)

    def no_annotation():
        @m.dataclass
        class Bad:
            x = m.field(default=1)
    p.call(no_annotation)

    @m.dataclass
    class KW:
        a: int
        b: int = m.field(kw_only=True)
        c: int = 3
    p(KW(1, b=2), KW(1, 5, b=2), KW.__match_args__)
    p.call(lambda: KW(1))
    p.call(lambda: KW(1, 2, 3))


def test_options(m, p):
    @m.dataclass(order=True)
    class V:
        major: int
        minor: int = 0
    p(V(1) < V(2), V(1, 5) < V(1, 6), V(2) <= V(1, 9), V(3) > V(2, 9), V(1) >= V(1),
      sorted([V(2, 1), V(1, 9), V(2, 0)]))
    p.call(lambda: V(1) < (1, 0))

    @m.dataclass(frozen=True)
    class F:
        x: int
        y: list = m.field(default_factory=list, compare=False, hash=False)
    f = F(1)
    p(f, hash(f) == hash((1,)), {F(1): 'one'}[F(1)], f == F(1, [2]))

    def assign():
        f.x = 2
    p.call(assign)

    def assign_new():
        f.z = 2
    p.call(assign_new)

    def delete():
        del f.x
    p.call(delete)
    p(issubclass(m.FrozenInstanceError, AttributeError))

    @m.dataclass(repr=False, eq=False)
    class Plain:
        x: int
    p(Plain(1) == Plain(1), 'Plain object' in repr(Plain(1)), hash(Plain(1)) != 0 or True)

    @m.dataclass(init=False)
    class NoInit:
        x: int = 5
    p(NoInit(), NoInit().x)

    @m.dataclass(unsafe_hash=True)
    class UH:
        x: int
    p(hash(UH(3)) == hash((3,)))

    @m.dataclass(eq=False)
    class NoEq:
        x: int
    p(NoEq(1) == NoEq(1), NoEq(1) == NoEq(1) or hash(NoEq(1)) is not None)

    @m.dataclass
    class Custom:
        x: int

        def __repr__(self):
            return 'custom!'

        def __eq__(self, other):
            return True
    p(Custom(1), Custom(1) == 5)
    p.call(lambda: hash(Custom(1)))

    @m.dataclass
    class WithHash:
        x: int

        def __hash__(self):
            return 42
    p(hash(WithHash(1)))

    def order_conflict():
        @m.dataclass(order=True)
        class Bad:
            x: int

            def __lt__(self, other):
                return True
    p.call(order_conflict)

    @m.dataclass
    class Post:
        a: int
        b: int = 0

        def __post_init__(self):
            self.total = self.a + self.b
    p(Post(1, 2).total, Post(4), vars(Post(4)))

    @m.dataclass(kw_only=True)
    class AllKW:
        a: int
        b: int = 2
    p(AllKW(a=1), AllKW.__match_args__)
    p.call(lambda: AllKW(1))
    p.call(lambda: AllKW())


def test_inheritance(m, p):
    @m.dataclass
    class Base:
        x: int
        y: int = 0

    @m.dataclass
    class Child(Base):
        z: int = 5
        x: int = 9

    p(Child(), Child(1, 2, 3), [f.name for f in m.fields(Child)], Child() == Base(9, 0))

    class Middle(Base):
        def extra(self):
            return self.x * 2

    @m.dataclass
    class Leaf(Middle):
        w: str = 'w'
    p(Leaf(3), Leaf(3).extra(), isinstance(Leaf(3), Base))

    @m.dataclass(frozen=True)
    class FB:
        a: int

    def bad():
        @m.dataclass
        class FC(FB):
            b: int = 0
    p.call(bad)

    class Outer:
        @m.dataclass
        class Inner:
            v: int
    p(Outer.Inner(1))


def test_functions(m, p):
    @m.dataclass
    class Pt:
        x: int
        y: int

    @m.dataclass
    class Line:
        a: Pt
        b: Pt
        tags: list = m.field(default_factory=list)
        meta: dict = m.field(default_factory=dict)

    NT = collections.namedtuple('NT', 'u v')
    ln = Line(Pt(0, 1), Pt(2, 3), [Pt(4, 5), (6, Pt(7, 8))], {'k': Pt(9, 9), 'n': NT(1, Pt(0, 0))})
    d = m.asdict(ln)
    p(d)
    p(m.astuple(ln))
    p(d['tags'] is ln.tags, m.asdict(Pt(1, 2), dict_factory=lambda items: sorted(items, reverse=True)))
    dd = collections.defaultdict(list, {'a': [Pt(1, 1)]})
    p.call(lambda: m.asdict(Line(Pt(0, 0), Pt(0, 0), meta=dd)))
    p.call(lambda: m.asdict(Pt))
    p.call(lambda: m.astuple(5))
    r = m.replace(ln.a, y=10)
    p(r, ln.a, m.replace(ln.a))
    p.call(lambda: m.replace(ln.a, z=1))
    p.call(lambda: m.replace(5))

    @m.dataclass
    class NI:
        a: int
        b: int = m.field(init=False, default=3)
    p.call(lambda: m.replace(NI(1), b=2))
    p(m.replace(NI(1), a=7))

    Made = m.make_dataclass('Made', [('x', int), 'z', ('y', int, m.field(default=5))])
    p(Made(1, z=3), [f.name for f in m.fields(Made)])

    @m.dataclass
    class Rec:
        child: object = None
    r1 = Rec()
    r1.child = r1
    p(r1)


main([
    ('basic', test_basic, real, mine),
    ('fields', test_fields, real, mine),
    ('options', test_options, real, mine),
    ('inheritance', test_inheritance, real, mine),
    ('functions', test_functions, real, mine),
])
