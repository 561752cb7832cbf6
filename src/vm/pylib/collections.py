"""Container datatypes: deque, defaultdict, Counter, OrderedDict, namedtuple."""

import sys

__all__ = ['deque', 'defaultdict', 'Counter', 'OrderedDict', 'namedtuple']


################################################################################
# deque
################################################################################

class deque:
    """Double-ended queue. Items live in a dict keyed by consecutive ints,
    between self._left (inclusive) and self._right (exclusive)."""

    def __init__(self, iterable=(), maxlen=None):
        if maxlen is not None:
            if not isinstance(maxlen, int):
                raise TypeError('an integer is required')
            if maxlen < 0:
                raise ValueError('maxlen must be non-negative')
        self._maxlen = maxlen
        self._data = {}
        self._left = 0
        self._right = 0
        self._state = 0          # bumped on every mutation
        self.extend(iterable)

    def __class_getitem__(cls, item):
        return cls      # deque[int] etc. in annotations

    @property
    def maxlen(self):
        return self._maxlen

    def __len__(self):
        return self._right - self._left

    def __bool__(self):
        return self._right != self._left

    # -- adding and removing at the ends --------------------------------------

    def append(self, x):
        if self._maxlen == 0:
            return
        if self._right - self._left == self._maxlen:
            self._pop_left()
        self._data[self._right] = x
        self._right += 1
        self._state += 1

    def appendleft(self, x):
        if self._maxlen == 0:
            return
        if self._right - self._left == self._maxlen:
            self._pop_right()
        self._left -= 1
        self._data[self._left] = x
        self._state += 1

    def _pop_left(self):
        x = self._data.pop(self._left)
        self._left += 1
        self._state += 1
        return x

    def _pop_right(self):
        self._right -= 1
        self._state += 1
        return self._data.pop(self._right)

    def pop(self):
        if self._right == self._left:
            raise IndexError('pop from an empty deque')
        return self._pop_right()

    def popleft(self):
        if self._right == self._left:
            raise IndexError('pop from an empty deque')
        return self._pop_left()

    def extend(self, iterable):
        if iterable is self:
            iterable = list(iterable)
        for x in iterable:
            self.append(x)

    def extendleft(self, iterable):
        if iterable is self:
            iterable = list(iterable)
        for x in iterable:
            self.appendleft(x)

    def clear(self):
        self._data = {}
        self._left = self._right = 0
        self._state += 1

    def rotate(self, n=1):
        size = len(self)
        if size <= 1:
            return
        n %= size
        if n > size // 2:
            for _ in range(size - n):
                self.append(self._pop_left())
        else:
            for _ in range(n):
                self.appendleft(self._pop_right())

    # -- sequence behaviour ----------------------------------------------------

    def _index(self, i):
        if not isinstance(i, int):
            raise TypeError(f'sequence index must be integer, not {type(i).__name__!r}')
        size = len(self)
        if i < 0:
            i += size
        if i < 0 or i >= size:
            raise IndexError('deque index out of range')
        return self._left + i

    def __getitem__(self, i):
        return self._data[self._index(i)]

    def __setitem__(self, i, x):
        self._data[self._index(i)] = x

    def __delitem__(self, i):
        self._index(i)
        size = len(self)
        if i < 0:
            i += size
        self.rotate(-i)
        self._pop_left()
        self.rotate(i)

    def __iter__(self):
        state = self._state
        for i in range(self._left, self._right):
            if self._state != state:
                raise RuntimeError('deque mutated during iteration')
            yield self._data[i]
        if self._state != state:
            raise RuntimeError('deque mutated during iteration')

    def __reversed__(self):
        state = self._state
        for i in range(self._right - 1, self._left - 1, -1):
            if self._state != state:
                raise RuntimeError('deque mutated during iteration')
            yield self._data[i]

    def __contains__(self, x):
        for item in self:
            if item is x or item == x:
                return True
        return False

    def count(self, x):
        n = 0
        for item in self:
            if item is x or item == x:
                n += 1
        return n

    def index(self, x, start=0, stop=None):
        size = len(self)
        if stop is None or stop > size:
            stop = size
        if start < 0:
            start = max(start + size, 0)
        if stop < 0:
            stop += size
        for i in range(start, stop):
            item = self._data[self._left + i]
            if item is x or item == x:
                return i
        raise ValueError(f'{x!r} is not in deque')

    def remove(self, x):
        i = self.index(x)
        del self[i]

    def insert(self, i, x):
        size = len(self)
        if size == self._maxlen:
            raise IndexError('deque already at its maximum size')
        if i < 0:
            i = max(i + size, 0)
        if i > size:
            i = size
        self.rotate(-i)
        self.appendleft(x)
        self.rotate(i)

    def reverse(self):
        items = list(self)
        self.clear()
        self.extendleft(items)

    def copy(self):
        return type(self)(self, self._maxlen)

    __copy__ = copy

    # -- operators -------------------------------------------------------------

    def __repr__(self):
        if id(self) in _repr_running:
            return '[...]'
        _repr_running.add(id(self))
        try:
            items = ', '.join([repr(x) for x in self])
        finally:
            _repr_running.discard(id(self))
        name = type(self).__name__
        if self._maxlen is None:
            return f'{name}([{items}])'
        return f'{name}([{items}], maxlen={self._maxlen})'

    def __eq__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return list(self) == list(other)

    def __ne__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return list(self) != list(other)

    def __lt__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return list(self) < list(other)

    def __le__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return list(self) <= list(other)

    def __gt__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return list(self) > list(other)

    def __ge__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return list(self) >= list(other)

    __hash__ = None

    def __add__(self, other):
        if not isinstance(other, deque):
            raise TypeError(f'can only concatenate deque (not "{type(other).__name__}") to deque')
        result = self.copy()
        result.extend(other)
        return result

    def __iadd__(self, other):
        self.extend(other)
        return self

    def __mul__(self, n):
        result = type(self)((), self._maxlen)
        items = list(self)
        for _ in range(n):
            result.extend(items)
        return result

    __rmul__ = __mul__

    def __imul__(self, n):
        items = list(self)
        self.clear()
        for _ in range(n):
            self.extend(items)
        return self


# ids of the containers whose repr is being computed (for recursive containers)
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

    def __class_getitem__(cls, item):
        return cls      # deque[int] etc. in annotations

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

    def __class_getitem__(cls, item):
        return cls      # deque[int] etc. in annotations

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

    def __class_getitem__(cls, item):
        return cls      # deque[int] etc. in annotations

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
