"""Compare pylib/bisect.py with CPython's bisect."""

import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _harness import load, main

import bisect as real
mine = load('bisect')


def test_bisect(m, p):
    a = [1, 2, 2, 2, 3, 5, 8]
    for x in [0, 1, 2, 4, 8, 9]:
        p(x, m.bisect_left(a, x), m.bisect_right(a, x), m.bisect(a, x))
    p(m.bisect_left(a, 2, 2), m.bisect_right(a, 2, 0, 3), m.bisect_left(a, 5, hi=3), m.bisect_left([], 1))
    p.call(lambda: m.bisect_left(a, 1, -1))
    p.call(lambda: m.insort(a, 1, -1))
    recs = [('a', 1), ('b', 3), ('c', 5)]
    p(m.bisect_left(recs, 3, key=lambda r: r[1]), m.bisect_right(recs, 3, key=lambda r: r[1]))
    b = []
    for x in [5, 1, 4, 1, 3]:
        m.insort(b, x)
    p(b)
    c = [1.0, 2.0]
    m.insort_left(c, 1); m.insort_right(c, 2); p(c, [type(v).__name__ for v in c])
    r = []
    for item in [('x', 3), ('y', 1), ('z', 3), ('w', 2)]:
        m.insort_left(r, item, key=lambda t: t[1])
    p(r)
    r2 = []
    for item in [('x', 3), ('y', 1), ('z', 3), ('w', 2)]:
        m.insort_right(r2, item, key=lambda t: t[1])
    p(r2)
    grades = 'FDCBA'
    p([grades[m.bisect([60, 70, 80, 90], s)] for s in [33, 99, 77, 70, 89, 90, 100]])


main([('bisect', test_bisect, real, mine)])
