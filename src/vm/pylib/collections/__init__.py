"""Container datatypes: deque, defaultdict, Counter, OrderedDict, namedtuple, ChainMap."""

import sys
import _gilsim

__all__ = ['deque', 'defaultdict', 'Counter', 'OrderedDict', 'namedtuple', 'ChainMap']

from _collections import deque


_repr_running = set()


################################################################################
# defaultdict
################################################################################

class defaultdict(dict):
    """dict that calls default_factory to supply missing values."""

    def __init__(self, default_factory=None, *args, **kwargs):
        if default_factory is not None and not callable(default_factory):
            raise TypeError('first argument must be callable or None')
        super().__init__(*args, **kwargs)
        self.default_factory = default_factory

    __class_getitem__ = classmethod(_gilsim.class_getitem)

    def __missing__(self, key):
        if self.default_factory is None:
            raise KeyError(key)
        value = self.default_factory()
        self[key] = value
        return value

    def __repr__(self):
        if id(self) in _repr_running:
            return '...'
        _repr_running.add(id(self))
        try:
            factory = repr(self.default_factory)
            body = super().__repr__()
        finally:
            _repr_running.discard(id(self))
        return f'{type(self).__name__}({factory}, {body})'

    def copy(self):
        return type(self)(self.default_factory, self)

    __copy__ = copy

    def __or__(self, other):
        if not isinstance(other, dict):
            return NotImplemented
        result = self.copy()
        result.update(other)
        return result

    def __ror__(self, other):
        if not isinstance(other, dict):
            return NotImplemented
        result = type(self)(self.default_factory, other)
        result.update(self)
        return result


################################################################################
# Counter
################################################################################

class Counter(dict):
    """dict subclass mapping elements to their counts."""

    def __init__(self, *args, **kwds):
        super().__init__()
        self.update(*args, **kwds)

    __class_getitem__ = classmethod(_gilsim.class_getitem)

    def __missing__(self, key):
        return 0

    def total(self):
        return sum(self.values())

    def most_common(self, n=None):
        # sorted() is stable, so equal counts keep insertion order
        items = sorted(self.items(), key=_second, reverse=True)
        if n is None:
            return items
        return items[:max(n, 0)]

    def elements(self):
        for elem, count in list(self.items()):
            for _ in range(count):
                yield elem

    @classmethod
    def fromkeys(cls, iterable, v=None):
        raise NotImplementedError(
            'Counter.fromkeys() is undefined.  Use Counter(iterable) instead.')

    def update(self, *args, **kwds):
        iterable = _one_optional_arg('update', args)
        if iterable is not None:
            if isinstance(iterable, dict):
                if self:
                    for elem, count in iterable.items():
                        self[elem] = count + self.get(elem, 0)
                else:
                    super().update(iterable)
            else:
                for elem in iterable:
                    self[elem] = self.get(elem, 0) + 1
        if kwds:
            self.update(kwds)

    def subtract(self, *args, **kwds):
        iterable = _one_optional_arg('subtract', args)
        if iterable is not None:
            if isinstance(iterable, dict):
                for elem, count in iterable.items():
                    self[elem] = self.get(elem, 0) - count
            else:
                for elem in iterable:
                    self[elem] = self.get(elem, 0) - 1
        if kwds:
            self.subtract(kwds)

    def copy(self):
        return type(self)(self)

    __copy__ = copy

    def __delitem__(self, elem):
        if elem in self:
            super().__delitem__(elem)

    def __repr__(self):
        if not self:
            return f'{type(self).__name__}()'
        try:
            body = dict(self.most_common())
        except TypeError:
            body = dict(self)
        return f'{type(self).__name__}({body!r})'

    # -- comparisons treat missing elements as zero ---------------------------

    def _all(self, other, test):
        for c in (self, other):
            for e in c:
                if not test(self[e], other[e]):
                    return False
        return True

    def __eq__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        return self._all(other, lambda a, b: a == b)

    def __ne__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        return not self == other

    def __le__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        return self._all(other, lambda a, b: a <= b)

    def __lt__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        return self <= other and self != other

    def __ge__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        return self._all(other, lambda a, b: a >= b)

    def __gt__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        return self >= other and self != other

    __hash__ = None

    # -- multiset arithmetic (results keep positive counts only) --------------

    def _combine(self, other, op):
        result = Counter()
        for elem, count in self.items():
            n = op(count, other[elem])
            if n > 0:
                result[elem] = n
        for elem, count in other.items():
            if elem not in self:
                n = op(0, count)
                if n > 0:
                    result[elem] = n
        return result

    def __add__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        return self._combine(other, lambda a, b: a + b)

    def __sub__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        return self._combine(other, lambda a, b: a - b)

    def __or__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        return self._combine(other, lambda a, b: a if a > b else b)

    def __and__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        return self._combine(other, lambda a, b: a if a < b else b)

    def __pos__(self):
        result = Counter()
        for elem, count in self.items():
            if count > 0:
                result[elem] = count
        return result

    def __neg__(self):
        result = Counter()
        for elem, count in self.items():
            if count < 0:
                result[elem] = 0 - count
        return result

    def _keep_positive(self):
        for elem in [e for e, c in self.items() if not c > 0]:
            del self[elem]
        return self

    def __iadd__(self, other):
        for elem, count in other.items():
            self[elem] += count
        return self._keep_positive()

    def __isub__(self, other):
        for elem, count in other.items():
            self[elem] -= count
        return self._keep_positive()

    def __ior__(self, other):
        for elem, count in other.items():
            if count > self[elem]:
                self[elem] = count
        return self._keep_positive()

    def __iand__(self, other):
        for elem, count in list(self.items()):
            other_count = other[elem]
            if other_count < count:
                self[elem] = other_count
        return self._keep_positive()


def _one_optional_arg(method, args):
    if len(args) > 1:
        raise TypeError(f'expected at most 1 argument, got {len(args)}')
    return args[0] if args else None


def _second(pair):
    return pair[1]


################################################################################
# OrderedDict (plain dicts already keep insertion order)
################################################################################

class OrderedDict(dict):
    """dict subclass with order-aware equality, move_to_end and popitem(last)."""

    __class_getitem__ = classmethod(_gilsim.class_getitem)

    def move_to_end(self, key, last=True):
        value = self.pop(key)
        if last:
            self[key] = value
        else:
            rest = list(self.items())
            self.clear()
            self[key] = value
            for k, v in rest:
                self[k] = v

    def popitem(self, last=True):
        if not self:
            raise KeyError('dictionary is empty')
        if last:
            return super().popitem()
        key = next(iter(self.keys()))
        return key, self.pop(key)

    def __reversed__(self):
        return reversed(list(self.keys()))

    def __repr__(self):
        if not self:
            return f'{type(self).__name__}()'
        if id(self) in _repr_running:
            return '...'
        _repr_running.add(id(self))
        try:
            body = repr(list(self.items()))
        finally:
            _repr_running.discard(id(self))
        return f'{type(self).__name__}({body})'

    def __eq__(self, other):
        if isinstance(other, OrderedDict):
            return super().__eq__(other) and list(self.keys()) == list(other.keys())
        return super().__eq__(other)

    def __ne__(self, other):
        result = self.__eq__(other)
        if result is NotImplemented:
            return result
        return not result

    __hash__ = None

    def copy(self):
        return type(self)(self)

    __copy__ = copy

    @classmethod
    def fromkeys(cls, iterable, value=None):
        result = cls()
        for key in iterable:
            result[key] = value
        return result

    def __or__(self, other):
        if not isinstance(other, dict):
            return NotImplemented
        result = self.copy()
        result.update(other)
        return result

    def __ror__(self, other):
        if not isinstance(other, dict):
            return NotImplemented
        result = type(self)(other)
        result.update(self)
        return result


################################################################################
# namedtuple
################################################################################

_KEYWORDS = frozenset([
    'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break',
    'class', 'continue', 'def', 'del', 'elif', 'else', 'except', 'finally',
    'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal',
    'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield'])

_MISSING = object()


def _quote_names(names):
    quoted = [repr(n) for n in names]
    if len(quoted) == 1:
        return quoted[0]
    if len(quoted) == 2:
        return f'{quoted[0]} and {quoted[1]}'
    return ', '.join(quoted[:-1]) + ', and ' + quoted[-1]


def _bind_arguments(qualname, names, defaults, args, kwargs):
    """Bind args/kwargs to parameters `names` the way a Python function
    would, raising CPython's TypeErrors. `defaults` holds the values of the
    trailing parameters. Returns the list of values."""
    nparams = len(names)
    if len(args) > nparams:
        if defaults:
            takes = f'from {nparams - len(defaults) + 1} to {nparams + 1}'
        else:
            takes = f'{nparams + 1}'
        s = '' if takes == '1' else 's'
        raise TypeError(f'{qualname}() takes {takes} positional argument{s} '
                        f'but {len(args) + 1} were given')
    values = list(args) + [_MISSING] * (nparams - len(args))
    for key, value in kwargs.items():
        try:
            i = names.index(key)
        except ValueError:
            raise TypeError(f'{qualname}() got an unexpected keyword argument {key!r}') from None
        if values[i] is not _MISSING:
            raise TypeError(f'{qualname}() got multiple values for argument {key!r}')
        values[i] = value
    first_default = nparams - len(defaults)
    missing = []
    for i in range(nparams):
        if values[i] is _MISSING:
            if i >= first_default:
                values[i] = defaults[i - first_default]
            else:
                missing.append(names[i])
    if missing:
        s = 's' if len(missing) > 1 else ''
        raise TypeError(f'{qualname}() missing {len(missing)} required positional '
                        f'argument{s}: {_quote_names(missing)}')
    return values


def _field_getter(index):
    def getter(self):
        return self[index]
    return property(getter)


def _install_namedtuple(cls, fields, defaults, keep_existing=False):
    """Turn the tuple subclass `cls` into a named tuple with `fields`."""
    fields = tuple(fields)
    defaults = tuple(defaults)
    typename = cls.__name__
    new_qualname = f'{typename}.__new__'

    def __new__(_cls, *args, **kwargs):
        return tuple.__new__(_cls, _bind_arguments(new_qualname, fields, defaults, args, kwargs))

    @classmethod
    def _make(_cls, iterable):
        result = tuple.__new__(_cls, iterable)
        if len(result) != len(fields):
            raise TypeError(f'Expected {len(fields)} arguments, got {len(result)}')
        return result

    def _replace(self, **kwds):
        values = []
        for name, value in zip(fields, self):
            values.append(kwds.pop(name, value))
        if kwds:
            raise ValueError(f'Got unexpected field names: {list(kwds)!r}')
        return self._make(values)

    def __repr__(self):
        parts = ', '.join([f'{name}={value!r}' for name, value in zip(fields, self)])
        return f'{type(self).__name__}({parts})'

    def _asdict(self):
        return dict(zip(fields, self))

    def __getnewargs__(self):
        return tuple(self)

    __new__.__name__ = '__new__'
    __new__.__qualname__ = new_qualname
    methods = {
        '__new__': staticmethod(__new__),
        '_make': _make,
        '_replace': _replace,
        '__repr__': __repr__,
        '_asdict': _asdict,
        '__getnewargs__': __getnewargs__,
    }
    own = cls.__dict__
    for name, value in methods.items():
        if not (keep_existing and name in own):
            setattr(cls, name, value)
    cls._fields = fields
    cls._field_defaults = dict(zip(fields[len(fields) - len(defaults):], defaults))
    cls.__match_args__ = fields
    for index, name in enumerate(fields):
        setattr(cls, name, _field_getter(index))
    return cls


def _check_names(typename, field_names, rename):
    names = [typename] + list(field_names)
    for name in names:
        if not isinstance(name, str):
            raise TypeError('Type names and field names must be strings')
    if rename:
        seen = set()
        for index, name in enumerate(field_names):
            if (not name.isidentifier() or name in _KEYWORDS
                    or name.startswith('_') or name in seen):
                field_names[index] = f'_{index}'
            seen.add(name)
    for name in [typename] + field_names:
        if not name.isidentifier():
            raise ValueError(f'Type names and field names must be valid identifiers: {name!r}')
        if name in _KEYWORDS:
            raise ValueError(f'Type names and field names cannot be a keyword: {name!r}')
    seen = set()
    for name in field_names:
        if name.startswith('_') and not rename:
            raise ValueError(f'Field names cannot start with an underscore: {name!r}')
        if name in seen:
            raise ValueError(f'Encountered duplicate field name: {name!r}')
        seen.add(name)
    return field_names


def namedtuple(typename, field_names, *, rename=False, defaults=None, module=None):
    """Return a new tuple subclass with named fields."""
    if isinstance(field_names, str):
        field_names = field_names.replace(',', ' ').split()
    field_names = [str(name) for name in field_names]
    typename = str(typename)
    field_names = _check_names(typename, field_names, rename)
    if defaults is not None:
        defaults = tuple(defaults)
        if len(defaults) > len(field_names):
            raise TypeError('Got more default values than field names')
    else:
        defaults = ()

    class _NamedTuple(tuple):
        pass

    _NamedTuple.__name__ = typename
    _NamedTuple.__qualname__ = typename
    _NamedTuple.__doc__ = f'{typename}({", ".join(field_names)})'
    _install_namedtuple(_NamedTuple, field_names, defaults)
    if module is None:
        module = _caller_module()
    _NamedTuple.__module__ = module
    return _NamedTuple


def _caller_module():
    getframe = getattr(sys, '_getframe', None)
    if getframe is not None:
        try:
            return getframe(2).f_globals.get('__name__', '__main__')
        except (AttributeError, ValueError):
            pass
    return '__main__'


################################################################################
# ChainMap
################################################################################

class ChainMap:
    """A ChainMap groups multiple dicts (or other mappings) together to create a single,
    updateable view: lookups search the mappings in turn; writes, updates and deletions
    change only the first.

    CPython's derives from collections.abc.MutableMapping; importing that ABC machinery
    here would make every `import collections` pay for it, so the mixin methods are
    written out, and collections.abc registers ChainMap as a MutableMapping when loaded.
    """

    def __init__(self, *maps):
        self.maps = list(maps) or [{}]          # always at least one map

    def __missing__(self, key):
        raise KeyError(key)

    def __getitem__(self, key):
        for mapping in self.maps:
            try:
                return mapping[key]             # can't use 'key in mapping' with defaultdict
            except KeyError:
                pass
        return self.__missing__(key)            # support subclasses that define __missing__

    def get(self, key, default=None):
        return self[key] if key in self else default

    def __len__(self):
        return len(set().union(*self.maps))

    def __iter__(self):
        d = {}
        for mapping in reversed(self.maps):
            d.update(dict.fromkeys(mapping))
        return iter(d)

    def __contains__(self, key):
        return any(key in m for m in self.maps)

    def __bool__(self):
        return any(self.maps)

    def __repr__(self):
        if id(self) in _repr_running:
            return '...'
        _repr_running.add(id(self))
        try:
            return f'{self.__class__.__name__}({", ".join(map(repr, self.maps))})'
        finally:
            _repr_running.discard(id(self))

    @classmethod
    def fromkeys(cls, iterable, *args):
        return cls(dict.fromkeys(iterable, *args))

    def copy(self):
        return self.__class__(self.maps[0].copy(), *self.maps[1:])

    __copy__ = copy

    def new_child(self, m=None, **kwargs):
        if m is None:
            m = kwargs
        elif kwargs:
            m.update(kwargs)
        return self.__class__(m, *self.maps)

    @property
    def parents(self):
        return self.__class__(*self.maps[1:])

    def __setitem__(self, key, value):
        self.maps[0][key] = value

    def __delitem__(self, key):
        try:
            del self.maps[0][key]
        except KeyError:
            raise KeyError(f'Key not found in the first mapping: {key!r}')

    def popitem(self):
        try:
            return self.maps[0].popitem()
        except KeyError:
            raise KeyError('No keys found in the first mapping.')

    def pop(self, key, *args):
        try:
            return self.maps[0].pop(key, *args)
        except KeyError:
            raise KeyError(f'Key not found in the first mapping: {key!r}')

    def clear(self):
        self.maps[0].clear()

    # the MutableMapping mixins (views of a snapshot, in the ChainMap's order)
    def keys(self):
        return {k: None for k in self}.keys()

    def items(self):
        return {k: self[k] for k in self}.items()

    def values(self):
        return {k: self[k] for k in self}.values()

    def setdefault(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            self[key] = default
        return default

    def update(self, other=(), /, **kwds):
        if hasattr(other, 'keys'):
            for key in other.keys():
                self[key] = other[key]
        else:
            for key, value in other:
                self[key] = value
        for key, value in kwds.items():
            self[key] = value

    def __eq__(self, other):
        if not hasattr(other, 'keys') or not hasattr(other, '__getitem__'):
            return NotImplemented
        return dict(self.items()) == dict(other.items())

    __hash__ = None

    def __ior__(self, other):
        self.maps[0].update(other)
        return self

    def __or__(self, other):
        if not hasattr(other, 'keys'):
            return NotImplemented
        m = self.copy()
        m.maps[0].update(other)
        return m

    def __ror__(self, other):
        if not hasattr(other, 'keys'):
            return NotImplemented
        m = dict(other)
        for child in reversed(self.maps):
            m.update(child)
        return self.__class__(m)
