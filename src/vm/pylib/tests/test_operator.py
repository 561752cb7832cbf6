"""Compare pylib/operator.py with CPython's operator."""

import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _harness import load, main

import operator as real
mine = load('operator')


class Obj:
    def __init__(self, **kw):
        self.__dict__.update(kw)

    def greet(self, name, punct='!'):
        return f'hi {name}{punct}'


def test_functions(m, p):
    p(m.add(2, 3), m.add('a', 'b'), m.sub(5, 7), m.mul(3, 4), m.mul('ab', 2), m.truediv(7, 2),
      m.floordiv(7, 2), m.floordiv(-7, 2), m.mod(-7, 3), m.neg(4), m.pos(-1), m.abs(-3), m.pow(2, 10))
    p(m.eq(1, 1), m.ne(1, 1), m.lt(1, 2), m.le(2, 2), m.gt(1, 2), m.ge(3, 2))
    p(m.not_(0), m.not_([1]), m.truth([]), m.truth('x'), m.is_(None, None), m.is_not(1, None))
    p(m.and_(12, 10), m.or_(12, 10), m.xor(12, 10), m.lshift(1, 5), m.rshift(64, 2), m.invert(5), m.inv(0))
    p(m.index(5), m.index(True), m.concat([1], [2]), m.contains([1, 2], 2), m.countOf([1, 2, 1], 1),
      m.indexOf('abc', 'c'))
    p.call(lambda: m.indexOf([1], 5))
    p.call(lambda: m.concat(1, 2))
    d = {'a': 1}
    p(m.getitem(d, 'a'), m.getitem([1, 2, 3], slice(1, None)), m.getitem('abc', -1))
    m.setitem(d, 'b', 2); m.delitem(d, 'a'); p(d)
    lst = [1]
    p(m.iadd(lst, [2]) is lst, lst, m.iadd(1, 2), m.isub(5, 1), m.imul([0], 3), m.iconcat('a', 'b'),
      m.ior({1}, {2}), m.iand(6, 3), m.ixor(6, 3), m.ipow(2, 3), m.imod(7, 4), m.ifloordiv(7, 2),
      m.itruediv(1, 4), m.ilshift(1, 2), m.irshift(8, 1))
    p(m.length_hint([1, 2]), m.length_hint(iter([]), 7) >= 0)


def test_getters(m, p):
    g = m.itemgetter(1)
    p(g([10, 20, 30]), g('xyz'), m.itemgetter(0, 2)('abc'), m.itemgetter('k')({'k': 'v'}))
    p(sorted([(1, 'b'), (0, 'c'), (2, 'a')], key=m.itemgetter(1)), repr(m.itemgetter(1, 'a')))
    p.call(lambda: m.itemgetter(5)([1]))
    o = Obj(x=1, y=Obj(z='deep'))
    p(m.attrgetter('x')(o), m.attrgetter('y.z')(o), m.attrgetter('x', 'y.z')(o), repr(m.attrgetter('x', 'y.z')))
    p.call(lambda: m.attrgetter('nope')(o))
    p.call(lambda: m.attrgetter(1))
    mc = m.methodcaller('greet', 'bob', punct='?')
    p(mc(o), m.methodcaller('upper')('abc'), m.methodcaller('split', ',')('a,b'), repr(mc))
    p(list(map(m.methodcaller('strip'), [' a ', 'b '])))


main([
    ('functions', test_functions, real, mine),
    ('getters', test_getters, real, mine),
])
