# Tracebacks as the traceback module formats them (Lib/traceback.py): the source line stripped
# at both ends, the carets under the failing span; each case is caught and printed with
# traceback.print_exc, then the last one escapes. stderr is compared with python3's.
import traceback


class Box:
    pass


def divide(a, b):
    return (a) + b // 0


def index(d):
    return d ["missing"]  


def unpack(xs):
    first, second = xs
    return first


def attribute():
    b = Box()
    b.size.width = 3


def augmented():
    counts = {}
    counts["x"] += 1


def called(n):
    return int(
        n)


def comparison(m):
    assert m < 10, f"too large: {m}"


def deleted():
    d = {"a": 1}
    del d["b"]


def method():
    return Box().paint(
        "red")


cases = [
    (divide, (1, 2)),
    (index, ({},)),
    (unpack, ([1, 2, 3],)),
    (attribute, ()),
    (augmented, ()),
    (called, ("seven",)),
    (comparison, (12,)),
    (deleted, ()),
    (method, ()),
]
for f, args in cases:
    try:
        f(*args)
    except Exception:
        print("caught from", f.__name__)
        traceback.print_exc()
comparison(11)
