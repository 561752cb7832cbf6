"""Context variables (CPython 3.11's contextvars, PEP 567), in pure Python.

Each interpreter thread has its own current context (a thread starts with an empty one), kept
in a dict by thread ident. A context's mapping is never changed in place: `ContextVar.set`
gives its context a new dict, so `copy_context()` can share the dict it copies, as CPython's
contexts share their immutable mapping. asyncio copies the context for every task and callback
and runs them in it (`Context.run`).
"""

__all__ = ('Context', 'ContextVar', 'Token', 'copy_context')

from _thread import get_ident as _get_ident
import _gilsim

_NO_DEFAULT = object()

# The current context of each thread, by ident (absent until the thread needs one).
_current = {}


def _current_context():
    ident = _get_ident()
    ctx = _current.get(ident)
    if ctx is None:
        ctx = _current[ident] = Context()
    return ctx


def _check_var(var):
    if not isinstance(var, ContextVar):
        raise TypeError(f'a ContextVar key was expected, got {var!r}')


class _View:
    """What `Context.keys()`, `values()` and `items()` give: iterable, sized."""

    def __init__(self, items):
        self._items = items

    def __iter__(self):
        return iter(self._items)

    def __len__(self):
        return len(self._items)


class Context:
    """A mapping of context variables to their values."""

    __module__ = '_contextvars'
    __hash__ = None

    def __init__(self):
        self._data = {}
        self._prev = None
        self._entered = False

    def run(self, callable, /, *args, **kwargs):
        """Call `callable(*args, **kwargs)` with this context as the thread's current one."""
        if self._entered:
            raise RuntimeError(f'cannot enter context: {self!r} is already entered')
        ident = _get_ident()
        self._prev = _current.get(ident)
        self._entered = True
        _current[ident] = self
        try:
            return callable(*args, **kwargs)
        finally:
            prev = self._prev
            if prev is None:
                del _current[ident]
            else:
                _current[ident] = prev
            self._prev = None
            self._entered = False

    def copy(self):
        ctx = Context()
        ctx._data = self._data
        return ctx

    def __getitem__(self, var):
        _check_var(var)
        return self._data[var]

    def get(self, var, default=None):
        _check_var(var)
        return self._data.get(var, default)

    def __contains__(self, var):
        _check_var(var)
        return var in self._data

    def __len__(self):
        return len(self._data)

    def __iter__(self):
        return iter(list(self._data))

    def keys(self):
        return _View(list(self._data))

    def values(self):
        return _View(list(self._data.values()))

    def items(self):
        return _View(list(self._data.items()))

    def __eq__(self, other):
        if not isinstance(other, Context):
            return NotImplemented
        return self._data == other._data

    def __repr__(self):
        return f'<_contextvars.Context object at {id(self):#x}>'


class _Missing:
    def __repr__(self):
        return '<Token.MISSING>'


class Token:
    """What `ContextVar.set` gives, for `ContextVar.reset` to undo that set."""

    __module__ = '_contextvars'
    MISSING = _Missing()

    def __init__(self, ctx, var, old_value):
        self._ctx = ctx
        self._var = var
        self._old_value = old_value
        self._used = False

    @property
    def var(self):
        return self._var

    @property
    def old_value(self):
        return self._old_value

    __class_getitem__ = classmethod(_gilsim.class_getitem)

    def __repr__(self):
        used = ' used' if self._used else ''
        return f'<Token{used} var={self._var!r} at {id(self):#x}>'


class ContextVar:
    """A context variable: its value is looked up in the current context."""

    __module__ = '_contextvars'

    def __init__(self, name, *, default=_NO_DEFAULT):
        if not isinstance(name, str):
            raise TypeError('context variable name must be a str')
        self._name = name
        self._default = default

    def __init_subclass__(cls, **kwargs):
        raise TypeError("type '_contextvars.ContextVar' is not an acceptable base type")

    __class_getitem__ = classmethod(_gilsim.class_getitem)

    @property
    def name(self):
        return self._name

    def get(self, default=_NO_DEFAULT, /):
        """The variable's value in the current context, else `default`, else the variable's
        default; `LookupError` when there is none."""
        ctx = _current.get(_get_ident())
        if ctx is not None:
            data = ctx._data
            if self in data:
                return data[self]
        if default is not _NO_DEFAULT:
            return default
        if self._default is not _NO_DEFAULT:
            return self._default
        raise LookupError(self)

    def set(self, value, /):
        """Set the variable in the current context; the token undoes it (`reset`)."""
        ctx = _current_context()
        data = ctx._data
        old = data[self] if self in data else Token.MISSING
        data = dict(data)
        data[self] = value
        ctx._data = data
        return Token(ctx, self, old)

    def reset(self, token, /):
        """Give the variable back the value it had before the `set` that gave `token`."""
        if not isinstance(token, Token):
            raise TypeError(f'expected an instance of Token, got {token!r}')
        if token._used:
            raise RuntimeError(f'{token!r} has already been used once')
        if token._var is not self:
            raise ValueError(f'{token!r} was created by a different ContextVar')
        ctx = _current_context()
        if token._ctx is not ctx:
            raise ValueError(f'{token!r} was created in a different Context')
        token._used = True
        data = dict(ctx._data)
        if token._old_value is Token.MISSING:
            data.pop(self, None)
        else:
            data[self] = token._old_value
        ctx._data = data

    def __repr__(self):
        default = '' if self._default is _NO_DEFAULT else f' default={self._default!r}'
        return f'<ContextVar name={self._name!r}{default} at {id(self):#x}>'


def copy_context():
    """A copy of the current context."""
    ctx = Context()
    cur = _current.get(_get_ident())
    if cur is not None:
        ctx._data = cur._data
    return ctx
