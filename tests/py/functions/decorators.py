# decorators, including ones with arguments and functools.wraps.
import functools
def trace(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        print(f"-> {fn.__name__}{args}")
        result = fn(*args, **kwargs)
        print(f"<- {fn.__name__} = {result!r}")
        return result
    return wrapper
@trace
def add(a, b):
    """Add two numbers."""
    return a + b
add(2, 3)
print(add.__name__, add.__doc__)
def plain(fn):
    def inner(*a):
        return fn(*a)
    return inner
@plain
def named():
    return 1
print(named.__name__)
def repeat(times):
    def deco(fn):
        @functools.wraps(fn)
        def wrapper(*args):
            return [fn(*args) for _ in range(times)]
        return wrapper
    return deco
@repeat(3)
def hello(name):
    return "hi " + name
print(hello("bob"), hello.__name__)
calls = {}
def count_calls(fn):
    def wrapper(*a, **k):
        calls[fn.__name__] = calls.get(fn.__name__, 0) + 1
        return fn(*a, **k)
    return wrapper
@count_calls
@trace
def mul(a, b):
    return a * b
mul(2, 3)
mul(4, 5)
print(calls)
def bold(fn):
    return lambda: "<b>" + fn() + "</b>"
def italic(fn):
    return lambda: "<i>" + fn() + "</i>"
@bold
@italic
def text():
    return "styled"
print(text())
registry = []
def register(fn):
    registry.append(fn.__name__)
    return fn
@register
def alpha():
    pass
@register
def beta():
    pass
print(registry, alpha() is None)
def memoize(fn):
    cache = {}
    @functools.wraps(fn)
    def wrapper(n):
        if n not in cache:
            cache[n] = fn(n)
        return cache[n]
    wrapper.cache = cache
    return wrapper
@memoize
def slow_fib(n):
    return n if n < 2 else slow_fib(n - 1) + slow_fib(n - 2)
print(slow_fib(80), len(slow_fib.cache))
def validate(**types):
    def deco(fn):
        def wrapper(**kwargs):
            for k, t in types.items():
                if not isinstance(kwargs.get(k), t):
                    raise TypeError(f"{k} must be {t.__name__}")
            return fn(**kwargs)
        return wrapper
    return deco
@validate(x=int, y=str)
def use(x, y):
    return y * x
print(use(x=2, y="ab"))
try:
    use(x="2", y="ab")
except TypeError as e:
    print("TypeError:", e)
class CountCalls:
    def __init__(self, fn):
        self.fn = fn
        self.n = 0
    def __call__(self, *a):
        self.n += 1
        return self.fn(*a)
@CountCalls
def square(x):
    return x * x
print(square(3), square(4), square.n)
def add_attr(cls):
    cls.tagged = True
    return cls
@add_attr
class Thing:
    pass
print(Thing.tagged)
