"""Compare pylib/functools.py with CPython's functools."""

import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _harness import load, main

import functools as real
mine = load('functools', deps=['collections'])


def test_partial(m, p):
    def f(a, b, c=3, *, d=4):
        return (a, b, c, d)
    g = m.partial(f, 1)
    p(g(2), g(2, 5), g(b=7), g(2, d=9), g.args, g.keywords, g.func is f)
    h = m.partial(g, 2, d=0)
    p(h(), h(c=1), h.func is f, h.args, h.keywords)
    k = m.partial(f, d=1)
    p(k(1, 2, d=5), k.keywords)
    p(m.partial(int, base=2)('101'), m.partial(max, 3)(1, 2), m.partial(sorted, key=len)(['aaa', 'b', 'cc']))
    p.call(lambda: m.partial(5))
    p(repr(m.partial(max, 1, 2, key=abs)))

    class Sub(m.partial):
        pass
    p(Sub(f, 1, 2)(), isinstance(Sub(f, 1), m.partial))


def test_reduce(m, p):
    import operator
    p(m.reduce(operator.add, [1, 2, 3, 4]), m.reduce(operator.add, [1, 2], 10),
      m.reduce(operator.add, [], 0), m.reduce(lambda a, b: a * b, range(1, 6)),
      m.reduce(operator.add, ['a'], 'x'), m.reduce(operator.add, ['only']))
    p.call(lambda: m.reduce(operator.add, []))
    p.call(lambda: m.reduce(operator.add, 5))


def test_wraps(m, p):
    def deco(fn):
        @m.wraps(fn)
        def inner(*a, **k):
            """inner doc"""
            return fn(*a, **k)
        return inner

    @deco
    def target(x):
        """target doc"""
        return x * 2
    target_attr = None

    def other():
        pass
    other.custom = 42
    w = m.update_wrapper(lambda: None, other)
    p(target(4), target.__name__, target.__doc__, target.__qualname__.split('.')[-1],
      target.__module__, target.__wrapped__(5), w.custom, w.__name__, w.__wrapped__ is other)
    p(m.WRAPPER_ASSIGNMENTS, m.WRAPPER_UPDATES)


def test_lru_cache(m, p):
    calls = []

    @m.lru_cache
    def fib(n):
        calls.append(n)
        return n if n < 2 else fib(n - 1) + fib(n - 2)
    p(fib(30), fib.cache_info(), len(calls), fib.__name__)
    fib.cache_clear()
    p(fib.cache_info())

    @m.lru_cache(maxsize=2)
    def sq(x):
        calls.append(x)
        return x * x
    calls.clear()
    for x in [1, 2, 1, 3, 2, 1, 1]:
        sq(x)
    p(calls, sq.cache_info(), sq.cache_parameters())

    @m.lru_cache(maxsize=None)
    def kw(a, b=1, **rest):
        calls.append((a, b))
        return a + b
    calls.clear()
    p(kw(1), kw(1), kw(1, b=2), kw(1, b=2), kw(a=1), kw(1, 2), calls, kw.cache_info())

    @m.lru_cache(typed=True)
    def t(x):
        calls.append(x)
        return x
    calls.clear()
    t(1); t(1.0); t(1)
    p(calls, t.cache_info())

    @m.lru_cache(0)
    def z(x):
        return x
    z(1); z(1)
    p(z.cache_info())

    @m.cache
    def c(x):
        calls.append(x)
        return [x]
    calls.clear()
    p(c(1) is c(1), calls, c.cache_info())
    p.call(lambda: c([1]))
    p.call(lambda: m.lru_cache('x'))

    class A:
        @m.lru_cache
        def method(self, x):
            calls.append(x)
            return x + 1
    a = A()
    calls.clear()
    p(a.method(1), a.method(1), calls, A.method.cache_info().hits)

    @m.lru_cache(maxsize=-5)
    def neg(x):
        return x
    neg(1)
    p(neg.cache_info())

    class P:
        @m.cached_property
        def val(self):
            calls.append('computed')
            return 99
    o = P()
    calls.clear()
    p(o.val, o.val, calls, o.__dict__)
    del o.val
    p(o.val, calls)


def test_total_ordering(m, p):
    @m.total_ordering
    class V:
        def __init__(self, v):
            self.v = v

        def __eq__(self, other):
            return self.v == other.v

        def __lt__(self, other):
            if not isinstance(other, V):
                return NotImplemented
            return self.v < other.v
    a, b, c = V(1), V(2), V(1)
    p(a < b, a > b, a <= c, a >= c, b >= a, b <= a, a > c, a < c)
    p(sorted([V(3), V(1), V(2)], key=lambda x: x.v)[0].v, max(V(3), V(7)).v)
    p.call(lambda: a <= 5)

    @m.total_ordering
    class G:
        def __init__(self, v):
            self.v = v

        def __eq__(self, other):
            return self.v == other.v

        def __ge__(self, other):
            return self.v >= other.v
    x, y = G(1), G(2)
    p(x < y, x > y, x <= y, y <= x, x <= G(1), x < G(1))

    @m.total_ordering
    class L:
        def __init__(self, v):
            self.v = v

        def __le__(self, other):
            return self.v <= other.v
    p(L(1) < L(2), L(2) > L(1), L(1) >= L(1), L(3) >= L(1))

    @m.total_ordering
    class Gt:
        def __init__(self, v):
            self.v = v

        def __gt__(self, other):
            return self.v > other.v
    p(Gt(1) < Gt(2), Gt(2) >= Gt(2), Gt(2) <= Gt(1))

    def bad():
        @m.total_ordering
        class N:
            pass
    p.call(bad)


def test_cmp_to_key(m, p):
    def cmp(a, b):
        return (a > b) - (a < b)
    def rcmp(a, b):
        return cmp(b, a)
    p(sorted([3, 1, 2], key=m.cmp_to_key(rcmp)), sorted('bca', key=m.cmp_to_key(cmp)),
      min([5, 2, 8], key=m.cmp_to_key(cmp)))
    K = m.cmp_to_key(cmp)
    p(K(1) < K(2), K(1) == K(1), K(2) >= K(3))


def test_singledispatch(m, p):
    @m.singledispatch
    def show(x):
        return 'object'

    @show.register(int)
    def _(x):
        return 'int'

    @show.register
    def _(x: list):
        return 'list'

    def for_str(x):
        return 'str'
    show.register(str, for_str)
    p(show(1), show(True), show('a'), show([1]), show(1.5), show(None), show.__name__)
    p.call(lambda: show())


main([
    ('partial', test_partial, real, mine),
    ('reduce', test_reduce, real, mine),
    ('wraps', test_wraps, real, mine),
    ('lru_cache', test_lru_cache, real, mine),
    ('total_ordering', test_total_ordering, real, mine),
    ('cmp_to_key', test_cmp_to_key, real, mine),
    ('singledispatch', test_singledispatch, real, mine),
])
