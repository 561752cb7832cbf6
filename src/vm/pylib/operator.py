"""Standard operators as functions, plus itemgetter, attrgetter and methodcaller."""

_builtin_abs = abs

# -- comparisons ----------------------------------------------------------------

def lt(a, b): return a < b
def le(a, b): return a <= b
def eq(a, b): return a == b
def ne(a, b): return a != b
def ge(a, b): return a >= b
def gt(a, b): return a > b

# -- logic and identity -----------------------------------------------------------

def not_(a): return not a
def truth(a): return True if a else False
def is_(a, b): return a is b
def is_not(a, b): return a is not b

# -- arithmetic and bitwise -------------------------------------------------------

def abs(a): return _builtin_abs(a)
def add(a, b): return a + b
def and_(a, b): return a & b
def floordiv(a, b): return a // b
def index(a):
    if type(a) is int:
        return a
    if isinstance(a, int):
        return int(a)
    return a.__index__()
def inv(a): return ~a
invert = inv
def lshift(a, b): return a << b
def mod(a, b): return a % b
def mul(a, b): return a * b
def matmul(a, b): return a @ b
def neg(a): return -a
def or_(a, b): return a | b
def pos(a): return +a
def pow(a, b): return a ** b
def rshift(a, b): return a >> b
def sub(a, b): return a - b
def truediv(a, b): return a / b
def xor(a, b): return a ^ b

# -- sequences ----------------------------------------------------------------------

def concat(a, b):
    if not hasattr(a, '__getitem__'):
        raise TypeError(f"'{type(a).__name__}' object can't be concatenated")
    return a + b

def contains(a, b): return b in a

def countOf(a, b):
    n = 0
    for x in a:
        if x is b or x == b:
            n += 1
    return n

def indexOf(a, b):
    for i, x in enumerate(a):
        if x is b or x == b:
            return i
    raise ValueError('sequence.index(x): x not in sequence')

def getitem(a, b): return a[b]

def setitem(a, b, c):
    a[b] = c

def delitem(a, b):
    del a[b]

def length_hint(obj, default=0):
    try:
        return len(obj)
    except TypeError:
        pass
    hint = getattr(type(obj), '__length_hint__', None)
    if hint is None:
        return default
    value = hint(obj)
    return default if value is NotImplemented else value

# -- in-place operators ------------------------------------------------------------------

def iadd(a, b):
    a += b
    return a

def iand(a, b):
    a &= b
    return a

def iconcat(a, b):
    a += b
    return a

def ifloordiv(a, b):
    a //= b
    return a

def ilshift(a, b):
    a <<= b
    return a

def imod(a, b):
    a %= b
    return a

def imul(a, b):
    a *= b
    return a

def ior(a, b):
    a |= b
    return a

def ipow(a, b):
    a **= b
    return a

def irshift(a, b):
    a >>= b
    return a

def isub(a, b):
    a -= b
    return a

def itruediv(a, b):
    a /= b
    return a

def ixor(a, b):
    a ^= b
    return a

# -- callables ------------------------------------------------------------------------------

class itemgetter:
    """itemgetter(item, ...) --> callable fetching the given item(s)."""

    def __init__(self, item, *items):
        self._items = (item,) + items

    def __call__(self, obj):
        if len(self._items) == 1:
            return obj[self._items[0]]
        return tuple([obj[i] for i in self._items])

    def __repr__(self):
        return f'operator.itemgetter({", ".join([repr(i) for i in self._items])})'


class attrgetter:
    """attrgetter(attr, ...) --> callable fetching the given (dotted) attribute(s)."""

    def __init__(self, attr, *attrs):
        names = (attr,) + attrs
        for name in names:
            if not isinstance(name, str):
                raise TypeError('attribute name must be a string')
        self._names = names

    def _fetch(self, obj, name):
        for part in name.split('.'):
            obj = getattr(obj, part)
        return obj

    def __call__(self, obj):
        if len(self._names) == 1:
            return self._fetch(obj, self._names[0])
        return tuple([self._fetch(obj, name) for name in self._names])

    def __repr__(self):
        return f'operator.attrgetter({", ".join([repr(n) for n in self._names])})'


class methodcaller:
    """methodcaller(name, *args, **kwargs) --> callable calling obj.name(*args, **kwargs)."""

    def __init__(self, name, *args, **kwargs):
        if not isinstance(name, str):
            raise TypeError('method name must be a string')
        self._name = name
        self._args = args
        self._kwargs = kwargs

    def __call__(self, obj):
        return getattr(obj, self._name)(*self._args, **self._kwargs)

    def __repr__(self):
        parts = [repr(self._name)] + [repr(a) for a in self._args]
        parts += [f'{k}={v!r}' for k, v in self._kwargs.items()]
        return f'operator.methodcaller({", ".join(parts)})'
