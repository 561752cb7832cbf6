"""Compare pylib/heapq.py with CPython's heapq (including exact list layouts)."""

import os
import random
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _harness import load, main

import heapq as real
mine = load('heapq')


def test_heap(m, p):
    rng = random.Random(7)
    data = [rng.randrange(50) for _ in range(40)]
    h = []
    for x in data:
        m.heappush(h, x)
    p(h)
    p([m.heappop(h) for _ in range(10)], h)
    h2 = list(data)
    m.heapify(h2)
    p(h2)
    p(m.heappushpop(h2, 3), m.heappushpop(h2, 30), h2)
    p(m.heapreplace(h2, 100), h2)
    p(m.heappushpop([], 5))
    p.call(lambda: m.heappop([]))
    p.call(lambda: m.heapreplace([], 1))
    pq = []
    for item in [(3, 'c'), (1, 'a'), (2, 'b'), (1, 'z')]:
        m.heappush(pq, item)
    p([m.heappop(pq) for _ in range(4)])
    h3 = []
    for i in range(200):
        m.heappush(h3, rng.random())
        if i % 3 == 0:
            m.heappop(h3)
    p(h3 == sorted(h3) or h3[:5])
    one = [1]
    p(m.heappop(one), one)


def test_select(m, p):
    data = [5, 1, 8, 3, 9, 2, 8, 1]
    p(m.nlargest(3, data), m.nsmallest(3, data), m.nlargest(0, data), m.nsmallest(-1, data),
      m.nlargest(100, data), m.nsmallest(1, data), m.nlargest(1, []))
    words = ['bb', 'a', 'ccc', 'dd', 'e', 'fff']
    p(m.nlargest(2, words, key=len), m.nsmallest(3, words, key=len), m.nsmallest(1, words, key=len),
      m.nlargest(4, iter(words), key=len))


def test_merge(m, p):
    p(list(m.merge([1, 3, 5], [2, 4, 6], [0, 7])), list(m.merge()), list(m.merge([], [1])))
    p(list(m.merge([5, 3, 1], [4, 2], reverse=True)))
    a = [(1, 'a'), (2, 'a')]
    b = [(1, 'b'), (2, 'b')]
    p(list(m.merge(a, b, key=lambda t: t[0])), list(m.merge(b, a, key=lambda t: t[0])))
    p(list(m.merge(a, b, key=lambda t: -t[0], reverse=True)))
    p(list(m.merge(['a', 'bb'], ['c', 'dd'], key=len)))
    g = m.merge(iter([1, 2]), iter([1, 3]))
    p(next(g), next(g), list(g))


main([
    ('heap', test_heap, real, mine),
    ('select', test_select, real, mine),
    ('merge', test_merge, real, mine),
])
