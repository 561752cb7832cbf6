"""Compare pylib/itertools.py with CPython's itertools."""

import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _harness import load, main

import itertools as real
mine = load('itertools')


def take(n, it):
    return [x for _, x in zip(range(n), it)]


def test_infinite(m, p):
    p(take(5, m.count()), take(4, m.count(10, 3)), take(3, m.count(1.5, 0.5)), take(3, m.count(step=-1)))
    p(take(7, m.cycle('abc')), list(m.cycle([])), take(3, m.cycle(iter([1]))))
    p(list(m.repeat('x', 3)), list(m.repeat(1, 0)), list(m.repeat(1, -2)), take(3, m.repeat(None)))
    p(list(map(pow, range(5), m.repeat(2))))


def test_terminating(m, p):
    p(list(m.accumulate([1, 2, 3, 4])), list(m.accumulate([1, 2, 3], initial=100)),
      list(m.accumulate([], initial=5)), list(m.accumulate([])),
      list(m.accumulate([3, 1, 4, 1, 5], max)), list(m.accumulate('abc')),
      list(m.accumulate([1, 2, 3], lambda a, b: a * b, initial=2)))
    p(list(m.chain('ab', [1, 2], ())), list(m.chain()), list(m.chain.from_iterable(['xy', 'z'])))
    c = m.chain([1], [2])
    p(next(c), iter(c) is c, list(c))
    p(list(m.compress('ABCDEF', [1, 0, 1, 0, 1, 1])), list(m.compress('AB', [1, 1, 1, 1])))
    p(list(m.dropwhile(lambda x: x < 5, [1, 4, 6, 4, 1])), list(m.takewhile(lambda x: x < 5, [1, 4, 6, 4, 1])))
    it = iter([1, 2, 7, 3, 4])
    p(list(m.takewhile(lambda x: x < 5, it)), list(it))
    p(list(m.filterfalse(lambda x: x % 2, range(10))), list(m.filterfalse(None, [0, 1, '', 'a', None])))
    p(list(m.starmap(pow, [(2, 5), (3, 2)])), list(m.starmap(max, ['ab', [3, 1]])))
    p(list(m.pairwise('ABCD')), list(m.pairwise('A')), list(m.pairwise([])))
    p(list(m.zip_longest('ABCD', 'xy', fillvalue='-')), list(m.zip_longest()),
      list(m.zip_longest([1], [], [2, 3])))


def test_islice(m, p):
    s = 'ABCDEFG'
    p(list(m.islice(s, 2)), list(m.islice(s, 2, 4)), list(m.islice(s, 2, None)),
      list(m.islice(s, 0, None, 2)), list(m.islice(s, None)), list(m.islice(s, 1, 6, 2)),
      list(m.islice(s, 5, 3)), list(m.islice(s, 0)), list(m.islice(s, 100)),
      list(m.islice(m.count(), 3, 10, 3)))
    for args in [(2,), (5, 3), (0, 5, 3), (1, 4), (10,)]:
        it = iter(range(10))
        p(args, list(m.islice(it, *args)), list(it))
    p.call(lambda: m.islice(s, -1))
    p.call(lambda: m.islice(s, 0, 3, 0))
    p.call(lambda: m.islice(s, 'a'))
    p.call(lambda: m.islice(s, -1, 3))
    p.call(lambda: m.islice(s, 1, 'a'))
    p.call(lambda: m.islice(s, 1, -3))
    p.call(lambda: m.islice(s, 1, 2, 'x'))


def test_groupby(m, p):
    p([(k, list(g)) for k, g in m.groupby('AAAABBBCCDAABBB')])
    p([k for k, g in m.groupby('AAAABBBCCD')])
    p([(k, list(g)) for k, g in m.groupby([1, 2, 4, 6, 7, 9, 10], key=lambda x: x % 2)])
    p(list(m.groupby([])))
    groups = list(m.groupby('aabbc'))
    p([(k, list(g)) for k, g in groups])
    gb = m.groupby('aaabbc')
    k1, g1 = next(gb)
    p(k1, next(g1))
    k2, g2 = next(gb)
    p(k2, list(g1), list(g2))
    k3, g3 = next(gb)
    p(k3, list(g3))
    p.call(lambda: next(gb))
    data = [{'n': 'a', 'v': 1}, {'n': 'a', 'v': 2}, {'n': 'b', 'v': 3}]
    p([(k, [d['v'] for d in g]) for k, g in m.groupby(data, lambda d: d['n'])])


def test_tee(m, p):
    a, b = m.tee([1, 2, 3])
    p(next(a), next(a), list(b), list(a))
    x, y, z = m.tee(iter('abc'), 3)
    p(list(x), list(zip(y, z)))
    p(m.tee([1], 0))
    p.call(lambda: m.tee([1], -1))
    src = iter(range(5))
    a, b = m.tee(src)
    p(next(a), next(src), list(a), list(b))


def test_combinatorics(m, p):
    p(list(m.product('AB', 'xy')), list(m.product(range(2), repeat=3)), list(m.product()),
      list(m.product('ab', [])), list(m.product('ab', repeat=0)))
    p(list(m.permutations('ABC', 2)), list(m.permutations(range(3))), list(m.permutations('ab', 3)),
      list(m.permutations('ab', 0)), list(m.permutations([])))
    p(list(m.combinations('ABCD', 2)), list(m.combinations(range(4), 3)), list(m.combinations('ab', 3)),
      list(m.combinations('ab', 0)), list(m.combinations([], 0)), list(m.combinations([], 1)))
    p(list(m.combinations_with_replacement('ABC', 2)), list(m.combinations_with_replacement([], 2)),
      list(m.combinations_with_replacement('ab', 0)), list(m.combinations_with_replacement('ab', 3)))
    p.call(lambda: m.combinations('ab', -1))
    p.call(lambda: m.permutations('ab', -1))
    for n in range(5):
        for r in range(6):
            assert list(m.combinations(range(n), r)) == list(real.combinations(range(n), r))
            assert list(m.permutations(range(n), r)) == list(real.permutations(range(n), r))
            assert (list(m.combinations_with_replacement(range(n), r))
                    == list(real.combinations_with_replacement(range(n), r)))
    p(len(list(m.permutations(range(6)))), sum(1 for _ in m.product(range(4), repeat=4)))


main([
    ('infinite', test_infinite, real, mine),
    ('terminating', test_terminating, real, mine),
    ('islice', test_islice, real, mine),
    ('groupby', test_groupby, real, mine),
    ('tee', test_tee, real, mine),
    ('combinatorics', test_combinatorics, real, mine),
])
