"""Shallow and deep copy operations."""

import sys


class Error(Exception):
    pass


error = Error


def _function():
    pass


# objects of these types are immutable (or not worth copying): returned as is
_ATOMIC = {type(None), type(Ellipsis), type(NotImplemented), int, float, bool, str,
           range, type, property, type(_function), type(len), type(sys)}
try:
    _ATOMIC.add(complex)
except NameError:
    pass
try:
    _ATOMIC.add(bytes)
except NameError:
    pass


def _user_method(cls, name):
    """The method `name` if some class other than object in cls.__mro__ defines it."""
    for klass in cls.__mro__:
        if klass is object:
            return None
        if name in klass.__dict__:
            return klass.__dict__[name]
    return None


def _get_state(x):
    getstate = _user_method(type(x), '__getstate__')
    if getstate is not None:
        return getstate(x)
    try:
        return x.__dict__
    except AttributeError:
        return None


def _reconstruct(x, copy_item, memo):
    """Rebuild object x of a non-builtin class; copy_item copies its parts."""
    cls = type(x)
    if isinstance(x, BaseException):
        y = cls(*[copy_item(a) for a in x.args])
    elif isinstance(x, tuple):
        getnewargs = getattr(x, '__getnewargs__', None)
        args = getnewargs() if getnewargs is not None else (tuple(x),)
        y = cls.__new__(cls, *[copy_item(a) for a in args])
    elif isinstance(x, frozenset):
        y = cls.__new__(cls, [copy_item(a) for a in x])
    else:
        y = cls.__new__(cls)
    if memo is not None:
        memo[id(x)] = y
    state = _get_state(x)
    if state:
        state = copy_item(state)
        setstate = getattr(y, '__setstate__', None)
        if setstate is not None:
            setstate(state)
        else:
            y.__dict__.update(state)
    if isinstance(x, list):
        for item in x:
            y.append(copy_item(item))
    elif isinstance(x, dict):
        for key, value in x.items():
            y[copy_item(key)] = copy_item(value)
    elif isinstance(x, set):
        for item in x:
            y.add(copy_item(item))
    return y


def copy(x):
    """Shallow copy of x."""
    cls = type(x)
    if cls in _ATOMIC or cls is tuple or cls is frozenset or isinstance(x, type):
        return x
    if cls is list or cls is dict or cls is set:
        return x.copy()
    copier = getattr(x, '__copy__', None)
    if copier is not None:
        return copier()
    return _reconstruct(x, lambda item: item, None)


def deepcopy(x, memo=None, _nil=[]):
    """Deep copy of x; memo maps id(original) -> copy."""
    if memo is None:
        memo = {}
    d = id(x)
    y = memo.get(d, _nil)
    if y is not _nil:
        return y
    cls = type(x)
    if cls in _ATOMIC or isinstance(x, type):
        return x

    def copy_item(item):
        return deepcopy(item, memo)

    if cls is list:
        y = []
        memo[d] = y
        for item in x:
            y.append(deepcopy(item, memo))
    elif cls is dict:
        y = {}
        memo[d] = y
        for key, value in x.items():
            y[deepcopy(key, memo)] = deepcopy(value, memo)
    elif cls is tuple:
        items = [deepcopy(item, memo) for item in x]
        if d in memo:       # x was reached again through one of its items
            return memo[d]
        same = True
        for a, b in zip(x, items):
            if a is not b:
                same = False
                break
        y = x if same else tuple(items)
    elif cls is set or cls is frozenset:
        y = cls([deepcopy(item, memo) for item in x])
    else:
        copier = getattr(x, '__deepcopy__', None)
        if copier is not None:
            y = copier(memo)
        else:
            y = _reconstruct(x, copy_item, memo)
    if y is not x:
        memo[d] = y
        # keep x alive so that its id is not reused while memo exists
        memo.setdefault(id(memo), []).append(x)
    return y
