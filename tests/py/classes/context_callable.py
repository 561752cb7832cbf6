# __enter__ / __exit__ and __call__.
class Tag:
    depth = 0
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        print("  " * Tag.depth + f"<{self.name}>")
        Tag.depth += 1
        return self
    def __exit__(self, exc_type, exc, tb):
        Tag.depth -= 1
        print("  " * Tag.depth + f"</{self.name}>")
        return False
with Tag("html"):
    with Tag("body") as body:
        print("    content of", body.name)
        with Tag("p"), Tag("b"):
            print("      bold text")
class Suppress:
    def __init__(self, *types):
        self.types = types
    def __enter__(self):
        return "entered"
    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            print("exit without exception")
            return False
        print("exit with", exc_type.__name__, exc)
        return issubclass(exc_type, self.types)
with Suppress(ValueError) as val:
    print("value from enter:", val)
with Suppress(ValueError):
    raise ValueError("suppressed")
print("after suppressed")
try:
    with Suppress(ValueError):
        raise KeyError("not suppressed")
except KeyError as e:
    print("caught outside:", repr(e))
def in_function():
    with Suppress(ZeroDivisionError):
        return "returned from with"
print(in_function())
for i in range(3):
    with Tag(f"loop{i}"):
        if i == 1:
            continue
        if i == 2:
            break
        print("    body", i)
class Adder:
    def __init__(self, n):
        self.n = n
    def __call__(self, x, y=0):
        return x + self.n + y
add5 = Adder(5)
print(add5(10), add5(1, y=100), callable(add5), callable(Adder), callable(3), callable(print), callable(lambda: 0))
print(list(map(add5, [1, 2, 3])))
class Polynomial:
    def __init__(self, *coeffs):
        self.coeffs = coeffs
    def __call__(self, x):
        return sum(c * x ** i for i, c in enumerate(self.coeffs))
    def __repr__(self):
        return " + ".join(f"{c}x^{i}" for i, c in enumerate(self.coeffs) if c)
p = Polynomial(1, 0, 2)
print(p, [p(x) for x in range(5)])
class Resource:
    log = []
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        Resource.log.append("open " + self.name)
        return self
    def __exit__(self, *exc):
        Resource.log.append("close " + self.name)
try:
    with Resource("a") as a, Resource("b") as b:
        Resource.log.append("use " + a.name + b.name)
        raise RuntimeError("boom")
except RuntimeError as e:
    Resource.log.append("handled " + str(e))
print(Resource.log)
