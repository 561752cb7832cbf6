# sets of small ints (order is deterministic for small non-negative ints).
a = {1, 2, 3, 4}
b = {3, 4, 5, 6}
print(a | b, a & b, a - b, b - a, a ^ b)
print(a.union(b), a.intersection(b), a.difference(b), a.symmetric_difference(b))
print(a <= b, {1, 2} <= a, {1, 2} < a, a >= {1}, a.issubset(range(10)), a.isdisjoint({9, 10}))
s = set()
print(s, len(s), set([3, 1, 2, 3, 1]), set(range(5)), set((0, 0, 1)))
s.add(5)
s.add(5)
s.add(1)
print(s, 5 in s, 4 in s)
s.discard(5)
s.discard(99)
print(s)
try:
    s.remove(99)
except KeyError as e:
    print("KeyError:", e)
s.update([7, 8], {9})
print(s, sorted(s), len(s))
print(s.pop() in {1, 7, 8, 9})
c = a.copy()
c |= {10}
c &= {1, 2, 10}
c -= {2}
print(c, a)
c ^= {1, 3}
print(c)
print({x % 4 for x in range(20)}, sorted({x * x % 7 for x in range(10)}))
fs = frozenset([1, 2, 3])
print(fs, fs | {4}, len(fs), 2 in fs, {fs: "frozen"}[frozenset({3, 2, 1})])
print(set() == set(), {1} == {1.0}, {1, 2} != {2, 3})
print(sum({1, 2, 3}), max({4, 9, 2}), min({4, 9, 2}), sorted({5, 3, 8}, reverse=True))
words = ["apple", "banana", "apple", "cherry", "banana"]
uniq = set(words)
print(len(uniq), sorted(uniq), "apple" in uniq)
seen = set()
dedup = []
for w in words:
    if w not in seen:
        seen.add(w)
        dedup.append(w)
print(dedup)
c.clear()
print(c, bool(c))
print(set("aab") == {"a", "b"}, sorted(set("mississippi")))
