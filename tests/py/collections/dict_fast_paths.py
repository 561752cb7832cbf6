# Hashes and dict lookups of ints around the hash modulus, str keys built at
# run time, mixed key types that compare equal, and str() of ints.
M = 2**61 - 1
keys = [0, 1, -1, -2, 2, M - 1, M, M + 1, -M, -M + 1, -M - 1, 2**62, -2**62,
        2**63 - 1, -2**63, 2**64, -2**64, 10**20]
for k in keys:
    print(k, hash(k), str(k), repr(k), hash(float(k)) == hash(k) if abs(k) < 2**53 else "")
d = {}
for k in keys:
    d[k] = str(k)
print(len(d), d[-1], d[-2], d[M], d[0], d.get(M + 1), d.get(2**61, "none"))
print(d.get(1.0), d.get(True), d.get(0.0), d.get(False), 1.0 in d, -2.0 in d)
s = {}
for i in range(2000):
    s["key" + str(i)] = i
hits = sum(1 for i in range(0, 4000, 3) if ("key" + str(i)) in s)
print(hits, s.get("key1999"), s.get("key2000", -1), s.get("ke" + "y7"))
class K:
    def __init__(self, v):
        self.v = v
    def __hash__(self):
        return hash(self.v)
    def __eq__(self, other):
        return self.v == (other.v if isinstance(other, K) else other)
s[K("key5")] = "k"
print(s["key5"], s[K("key6")], K("key7") in s)
t = {(1, "a"): 1, (1, 2.0): 2, frozenset([1]): 3, None: 4, "": 5}
print(t[(1, "a")], t[(1, 2)], t[frozenset([1])], t[None], t[""])
for i in range(100):
    del s["key" + str(i)]
print(len(s), list(s)[:3], s.get("key50"), s.get("key150"))
print(str(-0), str(-9223372036854775808), str(9223372036854775807), f"{-5}", "%d" % -5)
