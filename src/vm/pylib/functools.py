"""Higher-order functions: partial, reduce, wraps, lru_cache, total_ordering, ..."""

from collections import namedtuple

__all__ = ['partial', 'reduce', 'update_wrapper', 'wraps', 'WRAPPER_ASSIGNMENTS',
           'WRAPPER_UPDATES', 'lru_cache', 'cache', 'total_ordering', 'cmp_to_key',
           'cached_property', 'singledispatch']

_MISSING = object()


################################################################################
# partial and reduce
################################################################################

class partial:
    """partial(func, *args, **keywords): a callable that calls func with the
    given arguments prepended to (and keywords merged with) the call's own."""

    def __init__(self, func, *args, **keywords):
        if not callable(func):
            raise TypeError('the first argument must be callable')
        if type(func) is partial:
            args = func.args + args
            keywords = {**func.keywords, **keywords}
            func = func.func
        self.func = func
        self.args = args
        self.keywords = keywords

    def __call__(self, *args, **keywords):
        keywords = {**self.keywords, **keywords}
        return self.func(*self.args, *args, **keywords)

    def __repr__(self):
        parts = [repr(self.func)] + [repr(a) for a in self.args]
        parts += [f'{k}={v!r}' for k, v in self.keywords.items()]
        name = 'functools.partial' if type(self) is partial else type(self).__qualname__
        return f'{name}({", ".join(parts)})'


def reduce(function, iterable, initial=_MISSING):
    """reduce(function, iterable[, initial]) -> value"""
    try:
        it = iter(iterable)
    except TypeError:
        raise TypeError('reduce() arg 2 must support iteration') from None
    if initial is _MISSING:
        value = next(it, _MISSING)
        if value is _MISSING:
            raise TypeError('reduce() of empty iterable with no initial value')
    else:
        value = initial
    for element in it:
        value = function(value, element)
    return value


################################################################################
# wrappers
################################################################################

WRAPPER_ASSIGNMENTS = ('__module__', '__name__', '__qualname__', '__doc__', '__annotations__')
WRAPPER_UPDATES = ('__dict__',)


def update_wrapper(wrapper, wrapped, assigned=WRAPPER_ASSIGNMENTS, updated=WRAPPER_UPDATES):
    """Make wrapper look like wrapped."""
    for attr in assigned:
        try:
            value = getattr(wrapped, attr)
        except AttributeError:
            continue
        setattr(wrapper, attr, value)
    for attr in updated:
        getattr(wrapper, attr).update(getattr(wrapped, attr, {}))
    wrapper.__wrapped__ = wrapped
    return wrapper


def wraps(wrapped, assigned=WRAPPER_ASSIGNMENTS, updated=WRAPPER_UPDATES):
    """Decorator factory applying update_wrapper() to the decorated function."""
    def decorator(wrapper):
        return update_wrapper(wrapper, wrapped, assigned, updated)
    return decorator


################################################################################
# caching
################################################################################

_CacheInfo = namedtuple('CacheInfo', ['hits', 'misses', 'maxsize', 'currsize'],
                        module='functools')

_KWD_MARK = object()


def _make_key(args, kwargs, typed):
    if not kwargs and not typed and len(args) == 1 and type(args[0]) in (int, str):
        return args[0]
    key = args
    if kwargs:
        key += (_KWD_MARK,) + tuple(kwargs.items())
    if typed:
        key += tuple([type(v) for v in args])
        if kwargs:
            key += tuple([type(v) for v in kwargs.values()])
    return key


def lru_cache(maxsize=128, typed=False):
    """Least-recently-used cache decorator; usable as @lru_cache or @lru_cache(n)."""
    if isinstance(maxsize, int):
        if maxsize < 0:
            maxsize = 0
    elif callable(maxsize) and isinstance(typed, bool):
        return _lru_wrapper(maxsize, 128, typed)
    elif maxsize is not None:
        raise TypeError('Expected first argument to be an integer, a callable, or None')

    def decorating_function(user_function):
        return _lru_wrapper(user_function, maxsize, typed)
    return decorating_function


def _lru_wrapper(user_function, maxsize, typed):
    cache = {}          # insertion order doubles as recency order
    hits = 0
    misses = 0

    def wrapper(*args, **kwargs):
        nonlocal hits, misses
        if maxsize == 0:
            misses += 1
            return user_function(*args, **kwargs)
        key = _make_key(args, kwargs, typed)
        result = cache.get(key, _MISSING)
        if result is not _MISSING:
            hits += 1
            if maxsize is not None:
                del cache[key]
                cache[key] = result
            return result
        misses += 1
        result = user_function(*args, **kwargs)
        if key in cache:
            # a recursive call already cached this key
            return result
        if maxsize is not None and len(cache) >= maxsize:
            del cache[next(iter(cache))]
        cache[key] = result
        return result

    def cache_info():
        return _CacheInfo(hits, misses, maxsize, len(cache))

    def cache_clear():
        nonlocal hits, misses
        cache.clear()
        hits = misses = 0

    def cache_parameters():
        return {'maxsize': maxsize, 'typed': typed}

    update_wrapper(wrapper, user_function)
    wrapper.cache_info = cache_info
    wrapper.cache_clear = cache_clear
    wrapper.cache_parameters = cache_parameters
    return wrapper


def cache(user_function):
    """Unbounded cache: lru_cache(maxsize=None)."""
    return lru_cache(maxsize=None)(user_function)


def cached_property(func):
    """Property computed once per instance and then stored in its __dict__."""
    name = func.__name__

    def getter(self):
        d = self.__dict__
        if name in d:
            return d[name]
        value = func(self)
        d[name] = value
        return value

    def setter(self, value):
        self.__dict__[name] = value

    def deleter(self):
        del self.__dict__[name]

    return property(getter, setter, deleter, func.__doc__)


################################################################################
# ordering helpers
################################################################################

# For each root operation: the derived operations as (negate, extra), meaning
# result = (not root if negate else root), then "or self == other" (extra
# 'eq') or "and self != other" (extra 'ne').
_DERIVATIONS = {
    '__lt__': {'__gt__': (True, 'ne'), '__le__': (False, 'eq'), '__ge__': (True, None)},
    '__le__': {'__ge__': (True, 'eq'), '__lt__': (False, 'ne'), '__gt__': (True, None)},
    '__gt__': {'__lt__': (True, 'ne'), '__ge__': (False, 'eq'), '__le__': (True, None)},
    '__ge__': {'__le__': (True, 'eq'), '__gt__': (False, 'ne'), '__lt__': (True, None)},
}


def _derived_op(root, name, negate, extra):
    def method(self, other):
        result = getattr(type(self), root)(self, other)
        if result is NotImplemented:
            return result
        if negate:
            result = not result
        if extra == 'eq':
            return result or self == other
        if extra == 'ne':
            return result and self != other
        return result
    method.__name__ = name
    method.__qualname__ = name
    return method


def _defines(cls, name):
    for klass in cls.__mro__:
        if klass is object:
            return False
        if name in klass.__dict__:
            return klass.__dict__[name] is not None
    return False


def total_ordering(cls):
    """Class decorator filling in missing ordering methods from one of them."""
    roots = [op for op in _DERIVATIONS if _defines(cls, op)]
    if not roots:
        raise ValueError('must define at least one ordering operation: < > <= >=')
    root = max(roots)       # prefer __lt__, then __le__, __gt__, __ge__
    for name, (negate, extra) in _DERIVATIONS[root].items():
        if name not in roots:
            method = _derived_op(root, name, negate, extra)
            method.__qualname__ = f'{cls.__qualname__}.{name}'
            setattr(cls, name, method)
    return cls


def cmp_to_key(mycmp):
    """Convert an old-style cmp function into a key function."""
    class K:
        def __init__(self, obj):
            self.obj = obj

        def __lt__(self, other):
            return mycmp(self.obj, other.obj) < 0

        def __gt__(self, other):
            return mycmp(self.obj, other.obj) > 0

        def __eq__(self, other):
            return mycmp(self.obj, other.obj) == 0

        def __le__(self, other):
            return mycmp(self.obj, other.obj) <= 0

        def __ge__(self, other):
            return mycmp(self.obj, other.obj) >= 0

        __hash__ = None

    K.__name__ = K.__qualname__ = 'KeyWrapper'
    return K


################################################################################
# single dispatch
################################################################################

def singledispatch(func):
    """Generic function dispatching on the type of its first argument."""
    registry = {object: func}

    def dispatch(cls):
        for klass in cls.__mro__:
            if klass in registry:
                return registry[klass]
        return func

    def register(cls, method=None):
        if method is None:
            if isinstance(cls, type):
                return lambda f: register(cls, f)
            method = cls
            annotations = [v for k, v in getattr(method, '__annotations__', {}).items()
                           if k != 'return']
            if not annotations or not isinstance(annotations[0], type):
                raise TypeError(f'Invalid first argument to `register()`: {method!r}. '
                                'Use either `@register(some_class)` or plain `@register` '
                                'on an annotated function.')
            cls = annotations[0]
        registry[cls] = method
        return method

    name = getattr(func, '__name__', 'singledispatch function')

    def wrapper(*args, **kwargs):
        if not args:
            raise TypeError(f'{name} requires at least 1 positional argument')
        return dispatch(type(args[0]))(*args, **kwargs)

    update_wrapper(wrapper, func)
    wrapper.register = register
    wrapper.dispatch = dispatch
    wrapper.registry = registry
    return wrapper
