"""Compare pylib/copy.py with CPython's copy."""

import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _harness import load, main

import copy as real
mine = load('copy')
gs_collections = load('collections')
import collections


class Plain:
    def __init__(self, a, b):
        self.a = a
        self.b = b

    def __repr__(self):
        return f'Plain({self.a!r}, {self.b!r})'


class WithCopy:
    def __init__(self, v):
        self.v = v

    def __copy__(self):
        return WithCopy(('shallow', self.v))

    def __deepcopy__(self, memo):
        return WithCopy(('deep', len(memo) >= 0, self.v))

    def __repr__(self):
        return f'WithCopy({self.v!r})'


class State:
    def __init__(self):
        self.x = [1]

    def __getstate__(self):
        return {'x': self.x, 'extra': 'from getstate'}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.restored = True


class MyList(list):
    pass


class MyErr(Exception):
    pass


def test_copy(m, p):
    lst = [1, [2, 3], {'k': [4]}]
    c = m.copy(lst)
    p(c, c is lst, c[1] is lst[1])
    d = {'a': [1], 'b': (2, [3])}
    c = m.copy(d)
    p(c, c is d, c['a'] is d['a'])
    s = {1, 2, (3, 4)}
    p(m.copy(s) == s, m.copy(s) is s)
    t = (1, [2])
    p(m.copy(t) is t, m.copy(frozenset([1])), m.copy('str'), m.copy(None), m.copy(3.5))
    obj = Plain([1], {'x': 2})
    c = m.copy(obj)
    p(c, c is obj, c.a is obj.a, type(c).__name__)
    p(m.copy(WithCopy(1)))
    st = m.copy(State())
    p(sorted(vars(st).items()))
    ml = MyList([1, [2]]); ml.tag = 'T'
    c = m.copy(ml)
    p(c, type(c).__name__, c.tag, c[1] is ml[1])
    e = m.copy(MyErr('boom', 2))
    p(type(e).__name__, e.args)
    p(m.copy(Plain) is Plain, m.copy(len) is len, m.copy(range(3)))


def test_deepcopy(m, p):
    lst = [1, [2, 3], {'k': [4]}]
    c = m.deepcopy(lst)
    p(c, c[1] is lst[1], c[2]['k'] is lst[2]['k'])
    shared = [0]
    outer = [shared, shared]
    c = m.deepcopy(outer)
    p(c, c[0] is c[1], c[0] is shared)
    rec = [1]
    rec.append(rec)
    c = m.deepcopy(rec)
    p(c[1] is c, c is rec)
    t = (1, 'a', None)
    p(m.deepcopy(t) is t)
    t2 = (1, [2])
    c = m.deepcopy(t2)
    p(c, c is t2, c[1] is t2[1])
    d = {'a': (1, [2]), 'b': {3, 4}}
    c = m.deepcopy(d)
    p(c, c['a'][1] is d['a'][1])
    obj = Plain([1], Plain('x', [2]))
    c = m.deepcopy(obj)
    p(c, c.a is obj.a, c.b.b is obj.b.b)
    selfref = Plain(None, None)
    selfref.a = selfref
    c = m.deepcopy(selfref)
    p(c.a is c, c is selfref)
    p(m.deepcopy(WithCopy(2)))
    st = m.deepcopy(State())
    p(sorted(vars(st).items()))
    ml = MyList([1, [2]]); ml.tag = ['T']
    c = m.deepcopy(ml)
    p(c, type(c).__name__, c.tag, c[1] is ml[1], c.tag is ml.tag)
    memo = {}
    x = [1]
    y = m.deepcopy([x, x], memo)
    p(y, id(x) in memo)
    e = m.deepcopy(MyErr([1]))
    p(type(e).__name__, e.args)


def test_collections(m, p):
    # works with the collections of whichever implementation is under test
    col = collections if m is real else gs_collections
    P = col.namedtuple('P', 'x y')
    pt = P(1, [2])
    c = m.copy(pt)
    p(c, type(c).__name__, c[1] is pt[1])
    c = m.deepcopy(pt)
    p(c, c[1] is pt[1])
    dd = col.defaultdict(list, a=[1])
    c = m.copy(dd)
    c['b'].append(2)
    p(sorted(c.items()), c['a'] is dd['a'], sorted(dd))
    c = m.deepcopy(dd)
    c['z'].append(0)
    p(sorted(c.items()), c['a'] is dd['a'])
    dq = col.deque([[1], 2], maxlen=5)
    c = m.copy(dq)
    p(c, c[0] is dq[0])
    c = m.deepcopy(dq)
    c.append(9)
    p(c, dq, c[0] is dq[0])
    cnt = col.Counter('aab')
    p(m.copy(cnt), m.deepcopy(cnt))
    od = col.OrderedDict(b=1, a=[2])
    c = m.deepcopy(od)
    p(c, c['a'] is od['a'])


main([
    ('copy', test_copy, real, mine),
    ('deepcopy', test_deepcopy, real, mine),
    ('with collections', test_collections, real, mine),
])
