from collections import deque, defaultdict, Counter, OrderedDict
import collections
d = deque([1, 2, 3])
d.append(4)
d.appendleft(0)
print(d, len(d), d[0], d[-1])
print(d.pop(), d.popleft(), d)
d.extend([7, 8])
d.extendleft([-1, -2])
print(d)
d.rotate(2)
print(d)
d.rotate(-3)
print(d, list(d), 7 in d)
b = deque(maxlen=3)
for i in range(6):
    b.append(i)
    print(list(b), end=" ")
print()
print(b, b.maxlen)
try:
    deque().pop()
except IndexError as e:
    print("IndexError:", e)
q = deque()
q.append("a"); q.append("b"); q.append("c")
while q:
    print("served", q.popleft())
dd = defaultdict(list)
for word in "apple avocado banana blueberry cherry".split():
    dd[word[0]].append(word)
print(dict(dd), dd["z"], len(dd))
print(dd)
counts = defaultdict(int)
for ch in "mississippi":
    counts[ch] += 1
print(sorted(counts.items()), counts["q"], "q" in counts)
nested = defaultdict(lambda: defaultdict(int))
nested["a"]["x"] += 1
nested["a"]["y"] += 2
print({k: dict(v) for k, v in nested.items()})
c = Counter("abracadabra")
print(c, c["a"], c["z"], c.most_common(2), c.most_common(1)[0][0])
print(sorted(c.elements()), sum(c.values()), len(c))
c2 = Counter({"a": 1, "b": 10})
print(c + c2, c - c2, c2 - c)
c.update("aaa")
c.subtract({"b": 2})
print(c.most_common(3))
words = "the cat and the dog and the bird".split()
wc = Counter(words)
print(wc.most_common(), wc["the"])
for word, n in wc.most_common(2):
    print(f"{word}: {n}")
print(Counter([1, 1, 2]) == Counter({1: 2, 2: 1}), Counter(a=2).total())
od = OrderedDict()
od["z"] = 1
od["a"] = 2
od["m"] = 3
print(od, list(od.keys()))
od.move_to_end("z")
print(list(od))
od.move_to_end("m", last=False)
print(list(od), od.popitem(), od.popitem(last=False), od)
print(OrderedDict(a=1) == OrderedDict(a=1), isinstance(od, dict))
Point = collections.namedtuple("Point", ["x", "y"])
p = Point(1, 2)
print(p, p.x, p[1], p._asdict(), p._replace(x=9), Point._fields, tuple(p))
