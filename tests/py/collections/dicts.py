# dict methods, insertion order and views.
d = {"b": 2, "a": 1}
d["c"] = 3
d["b"] = 20
print(d, len(d), d["a"], d.get("z"), d.get("z", 0), "a" in d, "z" not in d)
print(list(d), list(d.keys()), list(d.values()), list(d.items()))
print(d.keys(), d.values(), d.items())
del d["b"]
d["b"] = 200
print(d)
print(d.pop("a"), d.pop("zz", "default"), d)
try:
    d.pop("zz")
except KeyError as e:
    print("KeyError:", e, repr(e))
try:
    d["missing"]
except KeyError as e:
    print("KeyError:", e)
print(d.setdefault("c", 99), d.setdefault("n", []), d)
d["n"].append(1)
print(d)
d.update({"x": 1, "c": -3})
d.update(y=2)
d.update([("z", 26)])
print(d)
print(d.popitem(), d)
e = dict(a=1, b=2)
f = dict([("k", "v"), ("k2", "v2")])
g = dict(zip("abc", range(3)))
print(e, f, g, dict(), dict(e, c=3))
print(dict.fromkeys(["x", "y"], 0), dict.fromkeys("ab"))
print(e == {"b": 2, "a": 1}, e != f)
h = e.copy()
h["a"] = 100
print(e, h)
h.clear()
print(h)
print(e | {"c": 3}, {"a": 0} | e)
e |= {"z": 26}
print(e)
keys = e.keys()
e["new"] = 1
print(keys, len(keys), "new" in keys)
counts = {}
for w in "the cat and the hat and the bat".split():
    counts[w] = counts.get(w, 0) + 1
print(counts)
for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
    print(k, v)
inv = {v: k for k, v in {"a": 1, "b": 2}.items()}
print(inv)
print({1: "int", 1.0: "float", True: "bool"})
print({(1, 2): [3], None: 0, 2.5: "x"})
nested = {"outer": {"inner": {"deep": 1}}}
nested["outer"]["inner"]["deep"] += 1
print(nested)
try:
    {[1]: 2}
except TypeError as e:
    print("TypeError:", e)
for k in d:
    print("key", k, end=";")
print()
print(list(reversed({"p": 1, "q": 2, "r": 3})), list(reversed(d.items()))[:2])
print(sorted(d.keys()), min(d), max(d), len(d))
try:
    for k in d:
        d[k + "!"] = 1
except RuntimeError as e:
    print("RuntimeError:", e)
