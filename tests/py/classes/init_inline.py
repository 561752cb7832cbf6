# Class calls and plain function calls that the VM runs inline (their frames in the caller's
# loop): __init__ results, errors unwinding through inline frames, rebinding self, recursion.
class A:
    def __init__(self, x):
        self.x = x


class B:
    def __init__(self, x):
        return x


class C:
    def __init__(self, x):
        self = None
        y = x


class D:
    def __init__(self, x):
        raise ValueError(x)


class E(A):
    def __init__(self, x, y):
        super().__init__(x)
        self.y = y


def make(n):
    return [A(i).x for i in range(n)]


a = A(3)
print(a.x, type(A(4)).__name__, make(4))
print(type(C(1)).__name__, E(1, 2).x, E(1, 2).y)
try:
    B(5)
except TypeError as e:
    print("TypeError:", e)
print(B(None).__class__.__name__)


def f():
    return D("boom")


def g():
    try:
        return f()
    finally:
        print("finally in g")


try:
    g()
except ValueError as e:
    print("ValueError:", e)


def rec(n):
    return rec(n + 1)


try:
    rec(0)
except RecursionError as e:
    print("RecursionError:", e)


def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)


print(depth(900))
try:
    A()
except TypeError as e:
    print("TypeError:", e)
f()
