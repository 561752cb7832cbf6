# lambdas and higher-order functions.
square = lambda x: x * x
add = lambda a, b=10: a + b
print(square(7), add(1), add(1, 2), (lambda: "no args")())
print(list(map(lambda x: x * 3, range(5))))
print(list(filter(lambda x: x % 2, range(10))))
print(sorted(["bb", "a", "ccc"], key=lambda s: -len(s)))
compose = lambda f, g: lambda x: f(g(x))
inc = lambda x: x + 1
dbl = lambda x: x * 2
print(compose(inc, dbl)(5), compose(dbl, inc)(5))
ops = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": lambda a, b: a / b}
for sym in "+-*/":
    print(8, sym, 2, "=", ops[sym](8, 2))
print((lambda *a, **k: (a, k))(1, 2, x=3))
print((lambda x, *, y: x + y)(1, y=2))
adders = [lambda x, n=n: x + n for n in range(4)]
print([f(100) for f in adders])
def make_multiplier(n):
    return lambda x: x * n
triple = make_multiplier(3)
print(triple(4), make_multiplier(-1)(5))
print(square.__name__, (lambda: 0).__name__)
fact = lambda n: 1 if n <= 1 else n * fact(n - 1)
print(fact(10), fact(25))
pipeline = [str.strip, str.lower, lambda s: s.replace(" ", "_")]
val = "  Hello World  "
for fn in pipeline:
    val = fn(val)
print(val)
print(max(["apple", "fig", "banana"], key=lambda w: (len(w), w)))
print(list(map(lambda a, b: a * b, [1, 2, 3], [4, 5, 6])))
