# *args and **kwargs.
def total(*nums):
    print(type(nums).__name__, len(nums), nums)
    return sum(nums)
print(total(), total(1), total(1, 2, 3))
print(total(*range(5)), total(*[1, 2], 3, *(4, 5)))
def show(**kw):
    for k, v in kw.items():
        print(f"  {k}={v!r}")
    return len(kw)
print(show(a=1, b="two", c=[3]))
print(show(**{"x": 1}, y=2))
print(show())
def both(first, *args, sep=", ", **kwargs):
    parts = [str(first)] + [str(a) for a in args]
    parts += [f"{k}:{v}" for k, v in kwargs.items()]
    return sep.join(parts)
print(both(1))
print(both(1, 2, 3, sep="|", z=26, a=1))
def wrapper(*args, **kwargs):
    return both(*args, **kwargs)
print(wrapper("w", "x", sep="-", q=0))
def maxof(first, *rest):
    m = first
    for r in rest:
        if r > m:
            m = r
    return m
print(maxof(3), maxof(3, 9, 2), maxof(*"hello"))
try:
    show(1)
except TypeError as e:
    print("TypeError:", e)
try:
    both(1, **{"sep": "a"}, **{"sep": "b"})
except TypeError as e:
    print("TypeError for duplicate keyword", type(e).__name__)
def kwdict(**kw):
    kw["added"] = True
    return kw
d = {"orig": 1}
print(kwdict(**d), d)
def apply(f, *a, **k):
    return f(*a, **k)
print(apply(pow, 2, 10), apply(sorted, [3, 1, 2], reverse=True), apply(dict, a=1))
print(apply(lambda *a: a, 1, 2), apply(lambda **k: sorted(k), b=1, a=2))
