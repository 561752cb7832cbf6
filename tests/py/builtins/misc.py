# callable, hash equality, id for identity, getattr/setattr/hasattr, type, isinstance.
print(callable(len), callable(lambda: 0), callable("s"), callable(str), callable(None), callable([].append))
print(hash(42) == hash(42), hash("abc") == hash("abc"), hash(1) == hash(1.0), hash((1, "a")) == hash((1, "a")))
print(hash(10 ** 5) == hash(10 ** 5), hash("x" * 3) == hash("xxx"), hash(2 ** 80) == hash(2 ** 80))
a = [1, 2]
b = a
c = list(a)
print(id(a) == id(b), id(a) == id(c), a is b, a is c)
class P:
    pass
p = P()
setattr(p, "x", 10)
print(getattr(p, "x"), hasattr(p, "x"), hasattr(p, "y"), getattr(p, "y", "none"))
print(type(1), type(1.0), type("a"), type([]), type(()), type({}), type(set()), type(None), type(True), type(range(1)))
print(type(lambda: 0).__name__, type(P), type(p).__name__, type(type))
print(isinstance(1, int), isinstance(1.0, float), isinstance(1, float), isinstance("a", str), isinstance([], (list, tuple)))
print(isinstance(None, type(None)), isinstance(P, type), isinstance(p, P), isinstance(p, object), isinstance(len, object))
print(int.__name__, str.__name__, list.__name__, P.__name__, len.__name__)
print(divmod(9, 4), pow(2, 8), abs(-1), round(2.567, 1), max(1, 2), min(1, 2))
print(sorted({3: "c", 1: "a"}.items()), list(map(abs, [-1, -2])))
print(ord("a"), chr(98), hex(16), oct(16), bin(16), int("10", 2))
print(str(int), repr(str), str(P) == "<class '__main__.P'>")
print(isinstance(True, bool), type(True) is bool, bool is not int, issubclass(bool, int))
print(id(None) == id(None), None is None, id(p) == id(p))
s1 = "hello"
s2 = "hel" + "lo"
print(s1 == s2, hash(s1) == hash(s2))
print(vars(p), p.__dict__, P.__name__, P.__qualname__)
print(object() != object(), type(object()).__name__)
print(format(1234.5678, ",.2f"), format(42, "b"), format(0.5, "%"))
print(isinstance(range(3), range), isinstance(iter([]), list), type(iter([])).__name__)
