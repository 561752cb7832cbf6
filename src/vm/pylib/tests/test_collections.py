"""Compare pylib/collections/ with CPython's collections."""

import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _harness import load, main

import collections as real
mine = load('collections')


def test_deque(m, p):
    deque = m.deque
    d = deque([1, 2, 3])
    p(d, len(d), d[0], d[-1], 2 in d, 5 in d, list(d), list(reversed(d)))
    d.append(4); d.appendleft(0); p(d)
    p(d.pop(), d.popleft(), d)
    d.extend([7, 8]); d.extendleft([-1, -2]); p(d)
    d.rotate(2); p(d)
    d.rotate(-3); p(d)
    d.rotate(0); d.rotate(17); p(d)
    p(d.count(7), d.index(7), d.index(2, 1), d.index(2, 2, 6))
    p.call(lambda: d.index(99))
    d.remove(7); p(d)
    p.call(lambda: d.remove(99))
    d[0] = 'x'; p(d, d[0])
    del d[1]; p(d)
    d.insert(2, 'ins'); p(d)
    d.insert(-1, 'neg'); p(d)
    d.insert(100, 'end'); p(d)
    d.reverse(); p(d)
    p.call(lambda: d[100])
    p.call(lambda: d[-100])
    e = deque()
    p(e, bool(e), bool(d))
    p.call(lambda: e.pop())
    p.call(lambda: e.popleft())
    b = deque(range(5), maxlen=3)
    p(b, b.maxlen, deque().maxlen)
    b.append(9); p(b)
    b.appendleft(8); p(b)
    b.extend('abcd'); p(b)
    b.extendleft('xy'); p(b)
    p.call(lambda: b.insert(0, 1))
    z = deque([1, 2], maxlen=0); z.append(1); p(z)
    p.call(lambda: deque([], -1))
    p(deque([1, 2]) == deque([1, 2]), deque([1]) == [1], deque([1]) != deque([2]),
      deque([1, 2]) < deque([1, 3]), deque([2]) >= deque([1, 9]))
    p(deque([1]) + deque([2]), deque([1, 2]) * 2, 2 * deque([3]))
    c = deque([1]); c += [2, 3]; p(c)
    c.extend(c); p(c)
    c.clear(); p(c, len(c))
    n = deque([[1]], maxlen=3); p(n, repr(n), str(n))
    r = deque(); r.append(r); p(r)
    cp = d.copy(); cp.append('new'); p(d, cp)
    # (the message names the type differently: 'collections.deque')
    try:
        hash(deque())
    except TypeError:
        p('unhashable')

    def mutate():
        q = deque([1, 2, 3])
        for x in q:
            q.append(x)
    p.call(mutate)
    it = iter(deque('abc'))
    p(next(it), list(it))
    big = deque()
    for i in range(1000):
        big.append(i)
        if i % 3 == 0:
            big.popleft()
    p(len(big), big[0], big[-1], sum(big))
    p(m.deque[int] is not None, m.defaultdict[str, int] is not None, m.Counter[str] is not None,
      m.OrderedDict[str, int] is not None)


def test_defaultdict(m, p):
    dd = m.defaultdict(list)
    dd['a'].append(1); dd['a'].append(2); dd['b']
    p(dd, dd['a'], len(dd), 'c' in dd)
    p(repr(m.defaultdict(int)), m.defaultdict(int, {'x': 1}, y=2))
    n = m.defaultdict()
    p(n, n.default_factory)
    p.call(lambda: n['missing'])
    counts = m.defaultdict(int)
    for ch in 'mississippi':
        counts[ch] += 1
    p(counts, dict(counts), isinstance(counts, dict), counts.get('z'), 'z' in counts)
    p(counts.copy(), type(counts.copy()).__name__)
    p.call(lambda: m.defaultdict(5))
    nested = m.defaultdict(lambda: m.defaultdict(int))
    nested['a']['b'] += 3
    p(dict(nested['a']), sorted(nested))
    p(dd | {'z': 1})


def test_counter(m, p):
    C = m.Counter
    c = C('abracadabra')
    p(c, c['a'], c['zz'], 'zz' in c, len(c))
    p(c.most_common(), c.most_common(2), c.most_common(0), c.most_common(-1))
    p(sorted(c.elements()), list(c.elements()))
    p(C(), C({'a': 2, 'b': -1}), C(a=3, b=1), C(['x', 'y', 'x']))
    p(C('hello world').most_common(3))
    c.update('aaz'); p(c)
    c.update({'z': 5}, y=2); p(c)
    c.subtract('aaaa'); p(c)
    c.subtract({'b': 10}); p(c)
    p(c.total())
    a, b = C(a=3, b=1, c=0), C(a=1, b=2, d=4)
    p(a + b, a - b, a | b, a & b, +C(a=1, b=-2, c=0), -C(a=1, b=-2))
    p(a == C(a=3, b=1), a == {'a': 3, 'b': 1, 'c': 0}, C(a=1) <= C(a=1, b=1), C(a=1) < C(a=1),
      C(a=2) >= C(a=1), C(a=2) > C(b=0))
    x = C(a=1, b=2); x += C(b=-3, c=1); p(x)
    x = C(a=1, b=2); x -= C(a=1); p(x)
    x = C(a=1, b=2); x |= C(a=5); p(x)
    x = C(a=1, b=2); x &= C(a=5, b=1); p(x)
    del x['nope']; p(x)
    del x['b']; p(x)
    p.call(lambda: C.fromkeys('ab'))
    p(repr(C({'b': 1, 'a': 2, 'c': 2})))
    p(isinstance(c, dict), c.copy() == c, type(c.copy()).__name__)
    words = 'the cat and the hat and the bat'.split()
    p(C(words).most_common(2), list(C(words).keys()))


def test_ordereddict(m, p):
    O = m.OrderedDict
    o = O()
    p(o, repr(o))
    o['a'] = 1; o['b'] = 2; o['c'] = 3
    p(o, list(o), list(o.items()), list(reversed(o)))
    o.move_to_end('a'); p(o)
    o.move_to_end('a', last=False); p(o)
    p.call(lambda: o.move_to_end('zz'))
    p(o.popitem(), o)
    p(o.popitem(last=False), o)
    p.call(lambda: O().popitem())
    p(O([('x', 1), ('y', 2)]) == O([('y', 2), ('x', 1)]),
      O([('x', 1), ('y', 2)]) == dict(y=2, x=1),
      O(x=1) != O(x=1))
    p(O.fromkeys('abc', 0), O(a=1) | {'b': 2}, isinstance(o, dict))
    o2 = O(a=1); o2.update(b=2); o2.setdefault('c', 3); p(o2, o2.copy())
    del o2['a']; p(o2, o2.pop('b'), o2)


def test_namedtuple(m, p):
    P = m.namedtuple('Point', ['x', 'y'])
    pt = P(1, 2)
    p(pt, pt.x, pt.y, pt[0], pt[-1], P._fields, tuple(pt), len(pt))
    x, y = pt; p(x, y)
    p(pt == (1, 2), pt == P(1, 2), hash(pt) == hash((1, 2)), pt < P(1, 3), isinstance(pt, tuple))
    p(P(x=5, y=6), P(7, y=8), pt._asdict(), pt._replace(y=9), P._make([3, 4]))
    p(P.__name__, P.__qualname__, P.__doc__, type(pt).__name__)
    p.call(lambda: P(1))
    p.call(lambda: P())
    p.call(lambda: P(1, 2, 3))
    p.call(lambda: P(1, x=2))
    p.call(lambda: P(1, 2, z=3))
    p.call(lambda: P._make([1]))
    p.call(lambda: pt._replace(z=1))
    try:
        pt.x = 5
    except AttributeError:
        p('read-only')
    Q = m.namedtuple('Q', 'a b, c', defaults=[10, 20])
    p(Q(1), Q(1, 2), Q(1, 2, 3), Q._field_defaults, Q._fields)
    p.call(lambda: Q())
    p.call(lambda: Q(1, 2, 3, 4))
    R = m.namedtuple('R', 'a b c d')
    p.call(lambda: R())
    p(m.namedtuple('E', '')(), m.namedtuple('E', [])._fields)
    p.call(lambda: m.namedtuple('E', '')(1))
    p.call(lambda: m.namedtuple('Bad', ['1x']))
    p.call(lambda: m.namedtuple('Bad', ['def']))
    p.call(lambda: m.namedtuple('Bad', ['_x']))
    p.call(lambda: m.namedtuple('Bad', ['x', 'x']))
    p.call(lambda: m.namedtuple('Bad', 'x', defaults=[1, 2]))
    p(m.namedtuple('Ren', ['a', 'def', 'a', '_b'], rename=True)._fields)

    class Sub(P):
        def norm(self):
            return self.x + self.y
    p(Sub(3, 4).norm(), Sub(3, 4), Sub(3, 4)._replace(x=0))
    p(sorted([P(2, 1), P(1, 2), P(1, 1)]), max(P(2, 1), P(1, 5)))
    p({P(1, 2): 'a'}[(1, 2)], P(*[1, 2]), P(**{'x': 1, 'y': 2}))
    p(pt[:1], pt + (3,), pt * 2, pt.count(1), pt.index(2))


main([
    ('deque', test_deque, real, mine),
    ('defaultdict', test_defaultdict, real, mine),
    ('Counter', test_counter, real, mine),
    ('OrderedDict', test_ordereddict, real, mine),
    ('namedtuple', test_namedtuple, real, mine),
])
