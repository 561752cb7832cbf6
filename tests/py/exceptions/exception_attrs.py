# str(e), repr(e), e.args for builtin and user exceptions.
cases = [
    ValueError(),
    ValueError("one"),
    ValueError("one", "two"),
    ValueError(42),
    KeyError("key"),
    KeyError(("tuple", "key")),
    KeyError(),
    IndexError("idx"),
    TypeError("bad type"),
    RuntimeError(None),
    Exception("generic"),
    ZeroDivisionError("division by zero"),
    StopIteration(5),
    AttributeError("attr"),
    NameError("name"),
    AssertionError("assertion"),
    NotImplementedError(),
    ArithmeticError("arith"),
    LookupError(),
    OverflowError("big"),
]
for e in cases:
    print(f"{type(e).__name__:20} str={str(e)!r:24} repr={e!r:40} args={e.args}")
try:
    {}["zz"]
except KeyError as e:
    print(repr(str(e)), repr(e), e.args)
try:
    1 / 0
except ZeroDivisionError as e:
    print(repr(str(e)), repr(e), e.args)
try:
    [][0]
except IndexError as e:
    print(repr(e), e.args)
try:
    int("nope")
except ValueError as e:
    print(repr(e), e.args)
try:
    undefined
except NameError as e:
    print(repr(e), e.args)
class Custom(Exception):
    pass
c = Custom("x", 1)
print(str(c), repr(c), c.args, isinstance(c, Exception))
c2 = Custom()
print(repr(str(c2)), repr(c2), c2.args)
class WithStr(Exception):
    def __str__(self):
        return "custom str"
w = WithStr("ignored")
print(str(w), repr(w), w.args, f"{w}")
e = Exception("mutable")
e.args = ("changed", 2)
print(e, repr(e))
e.extra = "attribute"
print(e.extra)
print(isinstance(StopIteration(), Exception), isinstance(SystemExit(), Exception), isinstance(SystemExit(), BaseException))
print(type(ValueError).__name__, ValueError.__name__, ValueError.__mro__[1].__name__)
print(str(ValueError("a") == ValueError("a")))
