"""Run-time stand-ins for type hints: subscriptable aliases, TypeVar, Generic, NamedTuple."""

import collections
import sys

TYPE_CHECKING = False


def _type_repr(obj):
    if isinstance(obj, type):
        if obj.__module__ == 'builtins':
            return obj.__qualname__
        return f'{obj.__module__}.{obj.__qualname__}'
    if obj is ...:
        return '...'
    if obj is None:
        return 'None'
    if isinstance(obj, list):
        return '[' + ', '.join([_type_repr(a) for a in obj]) + ']'
    if type(obj).__name__ == 'function':
        return obj.__name__
    return repr(obj)


def _convert(params):
    return tuple([type(None) if p is None else p for p in params])


class _Alias:
    """A (possibly subscripted) generic alias such as List or Dict[str, int]."""

    def __init__(self, name, origin, args=(), nparams=-1):
        self._name = name
        self.__origin__ = origin
        self.__args__ = _convert(args)
        self._nparams = nparams      # -1: any number of parameters

    def __getitem__(self, params):
        if self.__args__:
            raise TypeError(f'{self!r} is not a generic class')
        if not isinstance(params, tuple):
            params = (params,)
        if self._nparams >= 0 and len(params) != self._nparams:
            many = 'many' if len(params) > self._nparams else 'few'
            raise TypeError(f'Too {many} arguments for {self!r}; actual {len(params)}, '
                            f'expected {self._nparams}')
        return _Alias(self._name, self.__origin__, params, self._nparams)

    def __repr__(self):
        name = 'typing.' + self._name
        if not self.__args__:
            return name
        return f'{name}[{", ".join([_type_repr(a) for a in self.__args__])}]'

    def __call__(self, *args, **kwargs):
        if self.__origin__ is None:
            raise TypeError(f'Type {self._name} cannot be instantiated')
        return self.__origin__(*args, **kwargs)

    def __eq__(self, other):
        if not isinstance(other, _Alias):
            return NotImplemented
        return self.__origin__ is other.__origin__ and self.__args__ == other.__args__ \
            and self._name == other._name

    def __hash__(self):
        return hash((self._name, self.__args__))

    def __or__(self, other):
        return Union[self, other]

    def __ror__(self, other):
        return Union[other, self]


class _CallableAlias(_Alias):
    def __getitem__(self, params):
        if not isinstance(params, tuple) or len(params) != 2:
            raise TypeError('Callable must be used as Callable[[arg, ...], result].')
        args, result = params
        if isinstance(args, list):
            params = tuple(args) + (result,)
        elif args is not ...:
            raise TypeError('Callable[args, result]: args must be a list or ...')
        else:
            params = (args, result)
        alias = _CallableAlias(self._name, self.__origin__, params)
        alias._ellipsis = args is ...
        return alias

    def __repr__(self):
        if not self.__args__:
            return 'typing.Callable'
        if getattr(self, '_ellipsis', False):
            return f'typing.Callable[..., {_type_repr(self.__args__[-1])}]'
        args = ', '.join([_type_repr(a) for a in self.__args__[:-1]])
        return f'typing.Callable[[{args}], {_type_repr(self.__args__[-1])}]'


class _TupleAlias(_Alias):
    def __getitem__(self, params):
        if not isinstance(params, tuple):
            params = (params,)
        if params == ():
            params = ((),)
        return _TupleAlias(self._name, self.__origin__, params)

    def __repr__(self):
        if not self.__args__:
            return 'typing.Tuple'
        if self.__args__ == ((),):
            return 'typing.Tuple[()]'
        return f'typing.Tuple[{", ".join([_type_repr(a) for a in self.__args__])}]'


class _SpecialForm:
    """Any, Union, Optional, ClassVar, Final, Literal, ..."""

    def __init__(self, name, getitem=None):
        self._name = name
        self._getitem = getitem

    def __getitem__(self, params):
        if self._getitem is None:
            raise TypeError(f'{self!r} is not subscriptable')
        return self._getitem(self, params)

    def __repr__(self):
        return 'typing.' + self._name

    def __call__(self, *args, **kwargs):
        raise TypeError(f'Cannot instantiate {self!r}')

    def __or__(self, other):
        return Union[self, other]

    def __ror__(self, other):
        return Union[other, self]


class _UnionAlias(_Alias):
    def __repr__(self):
        args = self.__args__
        if len(args) == 2 and type(None) in args:
            other = args[0] if args[1] is type(None) else args[1]
            return f'typing.Optional[{_type_repr(other)}]'
        return f'typing.Union[{", ".join([_type_repr(a) for a in args])}]'

    def __eq__(self, other):
        if not isinstance(other, _UnionAlias):
            return NotImplemented
        return set(self.__args__) == set(other.__args__)

    def __hash__(self):
        return hash(frozenset(self.__args__))


def _union_getitem(form, params):
    if not isinstance(params, tuple):
        params = (params,)
    if not params:
        raise TypeError('Cannot take a Union of no types.')
    flat = []
    for p in params:
        if p is None:
            p = type(None)
        members = p.__args__ if isinstance(p, _UnionAlias) else (p,)
        for member in members:
            if member not in flat:
                flat.append(member)
    if len(flat) == 1:
        return flat[0]
    return _UnionAlias('Union', Union, tuple(flat))


def _optional_getitem(form, param):
    return Union[param, None]


def _wrapping_getitem(form, param):
    if isinstance(param, tuple):
        raise TypeError(f'{form!r} accepts only single type.')
    return _Alias(form._name, form, (param,))


def _literal_getitem(form, params):
    if not isinstance(params, tuple):
        params = (params,)
    return _LiteralAlias('Literal', form, params)


class _LiteralAlias(_Alias):
    def __repr__(self):
        return f'typing.Literal[{", ".join([repr(a) for a in self.__args__])}]'


def _annotated_getitem(form, params):
    if not isinstance(params, tuple) or len(params) < 2:
        raise TypeError('Annotated[...] should be used with at least two arguments '
                        '(a type and an annotation).')
    alias = _Alias('Annotated', params[0], (params[0],))
    alias.__metadata__ = params[1:]
    return alias


Any = _SpecialForm('Any')
NoReturn = _SpecialForm('NoReturn')
Never = _SpecialForm('Never')
Self = _SpecialForm('Self')
LiteralString = _SpecialForm('LiteralString')
Union = _SpecialForm('Union', _union_getitem)
Optional = _SpecialForm('Optional', _optional_getitem)
ClassVar = _SpecialForm('ClassVar', _wrapping_getitem)
Final = _SpecialForm('Final', _wrapping_getitem)
TypeGuard = _SpecialForm('TypeGuard', _wrapping_getitem)
Literal = _SpecialForm('Literal', _literal_getitem)
Annotated = _SpecialForm('Annotated', _annotated_getitem)

List = _Alias('List', list, nparams=1)
Dict = _Alias('Dict', dict, nparams=2)
Set = _Alias('Set', set, nparams=1)
FrozenSet = _Alias('FrozenSet', frozenset, nparams=1)
Tuple = _TupleAlias('Tuple', tuple)
Type = _Alias('Type', type, nparams=1)
Deque = _Alias('Deque', collections.deque, nparams=1)
DefaultDict = _Alias('DefaultDict', collections.defaultdict, nparams=2)
OrderedDict = _Alias('OrderedDict', collections.OrderedDict, nparams=2)
Counter = _Alias('Counter', collections.Counter, nparams=1)
Callable = _CallableAlias('Callable', None)
Iterable = _Alias('Iterable', None, nparams=1)
Iterator = _Alias('Iterator', None, nparams=1)
Generator = _Alias('Generator', None, nparams=3)
Sequence = _Alias('Sequence', None, nparams=1)
MutableSequence = _Alias('MutableSequence', None, nparams=1)
Mapping = _Alias('Mapping', None, nparams=2)
MutableMapping = _Alias('MutableMapping', None, nparams=2)
AbstractSet = _Alias('AbstractSet', None, nparams=1)
MutableSet = _Alias('MutableSet', None, nparams=1)
Collection = _Alias('Collection', None, nparams=1)
Container = _Alias('Container', None, nparams=1)
Reversible = _Alias('Reversible', None, nparams=1)
Awaitable = _Alias('Awaitable', None, nparams=1)
Coroutine = _Alias('Coroutine', None, nparams=3)
AsyncIterable = _Alias('AsyncIterable', None, nparams=1)
AsyncIterator = _Alias('AsyncIterator', None, nparams=1)
AsyncGenerator = _Alias('AsyncGenerator', None, nparams=2)
ItemsView = _Alias('ItemsView', None, nparams=2)
KeysView = _Alias('KeysView', None, nparams=1)
ValuesView = _Alias('ValuesView', None, nparams=1)
Hashable = _Alias('Hashable', None, nparams=0)
Sized = _Alias('Sized', None, nparams=0)
Text = str


class TypeVar:
    """Type variable: T = TypeVar('T')."""

    def __init__(self, name, *constraints, bound=None, covariant=False, contravariant=False):
        if covariant and contravariant:
            raise ValueError('Bivariant types are not supported.')
        if len(constraints) == 1:
            raise TypeError('A single constraint is not allowed')
        self.__name__ = name
        self.__constraints__ = constraints
        self.__bound__ = bound
        self.__covariant__ = covariant
        self.__contravariant__ = contravariant

    def __repr__(self):
        prefix = '+' if self.__covariant__ else '-' if self.__contravariant__ else '~'
        return prefix + self.__name__

    def __or__(self, other):
        return Union[self, other]

    def __ror__(self, other):
        return Union[other, self]


try:
    AnyStr = TypeVar('AnyStr', bytes, str)
except NameError:     # no bytes type
    AnyStr = TypeVar('AnyStr')


class ParamSpec(TypeVar):
    def __init__(self, name, *, bound=None, covariant=False, contravariant=False):
        TypeVar.__init__(self, name, bound=bound, covariant=covariant,
                         contravariant=contravariant)


class Generic:
    """Base for generic classes: class Box(Generic[T]). Subscripting the class
    returns the class itself (no parameterised alias at run time)."""

    def __class_getitem__(cls, params):
        return cls


class Protocol(Generic):
    """Base for structural types; no run-time checks."""


def runtime_checkable(cls):
    return cls


def cast(typ, val):
    return val


def overload(func):
    return func


def final(f):
    return f


def no_type_check(arg):
    return arg


def assert_never(arg):
    raise AssertionError(f'Expected code to be unreachable, but got: {arg!r}')


def reveal_type(obj):
    return obj


def get_origin(tp):
    if isinstance(tp, _Alias):
        if tp._name == 'Annotated':
            return Annotated
        return tp.__origin__
    if tp is Generic:
        return Generic
    return None


def get_args(tp):
    if isinstance(tp, _Alias):
        if getattr(tp, '__metadata__', None) is not None:
            return (tp.__origin__,) + tp.__metadata__
        if isinstance(tp, _CallableAlias) and tp.__args__ and not getattr(tp, '_ellipsis', False):
            return (list(tp.__args__[:-1]), tp.__args__[-1])
        return tp.__args__
    return ()


_BUILTIN_TYPES = {t.__name__: t for t in (int, float, str, bool, list, dict,
                                           set, frozenset, tuple, type, object)}


def _resolve(hint, module_name):
    """Turn a string annotation naming a global or builtin into that object."""
    if hint is None:
        return type(None)
    if not isinstance(hint, str) or not hint.isidentifier():
        return hint
    module = getattr(sys, 'modules', {}).get(module_name)
    if module is not None and hasattr(module, hint):
        return getattr(module, hint)
    return _BUILTIN_TYPES.get(hint, hint)


def get_type_hints(obj, globalns=None, localns=None, include_extras=False):
    """The annotations of obj (and of its bases, for classes). String
    annotations are resolved only when they are a plain name."""
    hints = {}
    if isinstance(obj, type):
        for klass in reversed(obj.__mro__):
            for name, hint in klass.__dict__.get('__annotations__', {}).items():
                hints[name] = _resolve(hint, klass.__module__)
        return hints
    module_name = getattr(obj, '__module__', None)
    for name, hint in getattr(obj, '__annotations__', {}).items():
        hints[name] = _resolve(hint, module_name)
    return hints


class NewType:
    """NewType('UserId', int): an identity callable standing for a distinct type."""

    def __init__(self, name, tp):
        self.__name__ = name
        self.__qualname__ = name
        self.__supertype__ = tp

    def __call__(self, x):
        return x

    def __repr__(self):
        return f'__main__.{self.__name__}'


class NamedTuple(tuple):
    """Typed namedtuple: class P(NamedTuple): x: int; y: int = 0."""

    def __new__(cls, typename=None, fields=None, **kwargs):
        # functional form: NamedTuple('P', [('x', int), ('y', int)])
        if fields is None:
            fields = list(kwargs.items())
        names = [name for name, _ in fields]
        result = collections.namedtuple(typename, names, module=collections._caller_module())
        result.__annotations__ = dict(fields)
        return result

    def __init_subclass__(cls, **kwargs):
        if cls.__mro__[1] is not NamedTuple:
            return      # an ordinary subclass of a NamedTuple class
        fields = list(cls.__dict__.get('__annotations__', {}))
        defaults = []
        default_names = []
        for name in fields:
            if name in cls.__dict__:
                defaults.append(cls.__dict__[name])
                default_names.append(name)
            elif defaults:
                s = 's' if len(default_names) > 1 else ''
                raise TypeError(f'Non-default namedtuple field {name} cannot follow '
                                f'default field{s} {", ".join(default_names)}')
        for name in ('__new__', '__init__', '_make', '_replace', '_asdict', '_fields',
                     '_field_defaults', '__getnewargs__'):
            if name in cls.__dict__:
                raise AttributeError('Cannot overwrite NamedTuple attribute ' + name)
        collections._install_namedtuple(cls, fields, defaults, keep_existing=True)


class TypedDict(dict):
    """class Movie(TypedDict): name: str -- instances are plain dicts."""

    def __new__(cls, *args, **kwargs):
        return dict(*args, **kwargs)

    def __init_subclass__(cls, total=True, **kwargs):
        hints = {}
        for klass in reversed(cls.__mro__):
            hints.update(klass.__dict__.get('__annotations__', {}))
        cls.__total__ = total
        cls.__required_keys__ = frozenset(hints) if total else frozenset()
        cls.__optional_keys__ = frozenset() if total else frozenset(hints)
