"""Generate __init__, __repr__, __eq__ and friends for classes with annotated fields."""

import copy
import sys

__all__ = ['dataclass', 'field', 'Field', 'FrozenInstanceError', 'InitVar', 'KW_ONLY',
           'MISSING', 'fields', 'asdict', 'astuple', 'make_dataclass', 'replace',
           'is_dataclass']


class FrozenInstanceError(AttributeError):
    pass


class _MissingType:
    def __repr__(self):
        return '<dataclasses.MISSING>'


MISSING = _MissingType()


class _KwOnlyType:
    def __repr__(self):
        return '<dataclasses.KW_ONLY>'


KW_ONLY = _KwOnlyType()


class InitVar:
    def __init__(self, type):
        self.type = type

    def __class_getitem__(cls, type):
        return InitVar(type)


# field kinds
_FIELD = 'FIELD'
_CLASSVAR = 'CLASSVAR'
_INITVAR = 'INITVAR'


class Field:
    def __init__(self, default, default_factory, init, repr, hash, compare, metadata, kw_only):
        self.name = None
        self.type = None
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.hash = hash
        self.compare = compare
        self.metadata = {} if metadata is None else metadata
        self.kw_only = kw_only
        self._field_type = None

    def __repr__(self):
        return (f'Field(name={self.name!r},type={self.type!r},default={self.default!r},'
                f'default_factory={self.default_factory!r},init={self.init!r},'
                f'repr={self.repr!r},hash={self.hash!r},compare={self.compare!r},'
                f'metadata={self.metadata!r},kw_only={self.kw_only!r},'
                f'_field_type={self._field_type})')


def field(*, default=MISSING, default_factory=MISSING, init=True, repr=True,
          hash=None, compare=True, metadata=None, kw_only=MISSING):
    """Describe a dataclass field with options beyond a plain default."""
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError('cannot specify both default and default_factory')
    return Field(default, default_factory, init, repr, hash, compare, metadata, kw_only)


def fields(class_or_instance):
    """The Field objects of a dataclass (or instance), in definition order."""
    try:
        all_fields = class_or_instance.__dataclass_fields__
    except AttributeError:
        raise TypeError('must be called with a dataclass type or instance') from None
    return tuple([f for f in all_fields.values() if f._field_type is _FIELD])


def is_dataclass(obj):
    cls = obj if isinstance(obj, type) else type(obj)
    return hasattr(cls, '__dataclass_fields__')


def _is_dataclass_instance(obj):
    return not isinstance(obj, type) and hasattr(type(obj), '__dataclass_fields__')


################################################################################
# helpers for the generated methods
################################################################################

def _quote_names(names):
    quoted = [repr(n) for n in names]
    if len(quoted) == 1:
        return quoted[0]
    if len(quoted) == 2:
        return f'{quoted[0]} and {quoted[1]}'
    return ', '.join(quoted[:-1]) + ', and ' + quoted[-1]


def _missing_error(qualname, names, kind):
    s = 's' if len(names) > 1 else ''
    return TypeError(f'{qualname}() missing {len(names)} required {kind} '
                     f'argument{s}: {_quote_names(names)}')


def _bind(qualname, positional, keyword_only, args, kwargs):
    """Match args/kwargs to the __init__ parameters like a real signature.
    Returns {name: value}; parameters left out are absent."""
    if len(args) > len(positional):
        optional = len([f for f in positional if _has_default(f)])
        most = len(positional) + 1
        takes = f'from {most - optional} to {most}' if optional else f'{most}'
        s = '' if takes == '1' else 's'
        raise TypeError(f'{qualname}() takes {takes} positional argument{s} '
                        f'but {len(args) + 1} were given')
    values = {}
    for f, value in zip(positional, args):
        values[f.name] = value
    names = [f.name for f in positional] + [f.name for f in keyword_only]
    for name, value in kwargs.items():
        if name not in names:
            raise TypeError(f'{qualname}() got an unexpected keyword argument {name!r}')
        if name in values:
            raise TypeError(f'{qualname}() got multiple values for argument {name!r}')
        values[name] = value
    for group, kind in ((positional, 'positional'), (keyword_only, 'keyword-only')):
        missing = [f.name for f in group if f.name not in values and not _has_default(f)]
        if missing:
            raise _missing_error(qualname, missing, kind)
    return values


def _has_default(f):
    return f.default is not MISSING or f.default_factory is not MISSING


# ids of the instances whose repr is being computed (recursion guard)
_repr_running = set()


def _set_new_attribute(cls, name, value):
    """Set cls.name unless the class body defined it. True if it did."""
    if name in cls.__dict__:
        return True
    if callable(value) and hasattr(value, '__qualname__'):
        value.__qualname__ = f'{cls.__qualname__}.{value.__name__}'
    setattr(cls, name, value)
    return False


################################################################################
# method factories
################################################################################

def _make_init(cls, all_fields, frozen):
    init_fields = [f for f in all_fields if f._field_type is not _CLASSVAR and f.init]
    positional = [f for f in init_fields if not f.kw_only]
    keyword_only = [f for f in init_fields if f.kw_only]
    # non-init fields with a factory are still initialised
    others = [f for f in all_fields if f._field_type is _FIELD and not f.init
              and f.default_factory is not MISSING]
    seen_default = False
    for f in positional:
        if _has_default(f):
            seen_default = True
        elif seen_default:
            raise TypeError(f'non-default argument {f.name!r} follows default argument')
    qualname = f'{cls.__qualname__}.__init__'
    has_post_init = hasattr(cls, '__post_init__')
    init_vars = [f.name for f in init_fields if f._field_type is _INITVAR]

    def __init__(self, *args, **kwargs):
        values = _bind(qualname, positional, keyword_only, args, kwargs)
        assign = object.__setattr__ if frozen else setattr
        for f in init_fields:
            if f.name in values:
                value = values[f.name]
            elif f.default_factory is not MISSING:
                value = f.default_factory()
            else:
                value = f.default
            if f._field_type is _FIELD:
                assign(self, f.name, value)
            else:
                values[f.name] = value
        for f in others:
            assign(self, f.name, f.default_factory())
        if has_post_init:
            self.__post_init__(*[values[name] for name in init_vars])

    __init__.__name__ = '__init__'
    return __init__


def _field_tuple(self, flds):
    return tuple([getattr(self, f.name) for f in flds])


def _make_repr(repr_fields):
    def __repr__(self):
        key = id(self)
        if key in _repr_running:
            return '...'
        _repr_running.add(key)
        try:
            parts = [f'{f.name}={getattr(self, f.name)!r}' for f in repr_fields]
        finally:
            _repr_running.discard(key)
        return f'{self.__class__.__qualname__}({", ".join(parts)})'
    return __repr__


def _make_eq(compare_fields):
    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return _field_tuple(self, compare_fields) == _field_tuple(other, compare_fields)
        return NotImplemented
    return __eq__


def _make_order(name, compare_fields):
    def lt(a, b): return a < b
    def le(a, b): return a <= b
    def gt(a, b): return a > b
    def ge(a, b): return a >= b
    op = {'__lt__': lt, '__le__': le, '__gt__': gt, '__ge__': ge}[name]

    def method(self, other):
        if other.__class__ is self.__class__:
            return op(_field_tuple(self, compare_fields), _field_tuple(other, compare_fields))
        return NotImplemented
    method.__name__ = name
    return method


def _make_hash(hash_fields):
    def __hash__(self):
        return hash(_field_tuple(self, hash_fields))
    return __hash__


def _make_frozen(cls, field_names):
    def __setattr__(self, name, value):
        if type(self) is cls or name in field_names:
            raise FrozenInstanceError(f'cannot assign to field {name!r}')
        object.__setattr__(self, name, value)

    def __delattr__(self, name):
        if type(self) is cls or name in field_names:
            raise FrozenInstanceError(f'cannot delete field {name!r}')
        object.__delattr__(self, name)
    return __setattr__, __delattr__


################################################################################
# the decorator
################################################################################

def _is_classvar(tp):
    if isinstance(tp, str):
        return tp.startswith('ClassVar') or tp.startswith('typing.ClassVar')
    modules = getattr(sys, 'modules', None)
    typing = modules.get('typing') if modules is not None else None
    classvar = getattr(typing, 'ClassVar', None)
    return classvar is not None and (tp is classvar or getattr(tp, '__origin__', None) is classvar)


def _is_initvar(tp):
    if isinstance(tp, str):
        return tp.startswith('InitVar') or tp.startswith('dataclasses.InitVar')
    return tp is InitVar or isinstance(tp, InitVar)


def _is_kw_only_marker(tp):
    return tp is KW_ONLY or tp == 'KW_ONLY' or tp == 'dataclasses.KW_ONLY'


def _class_unhashable(cls):
    for klass in cls.__mro__:
        if '__hash__' in klass.__dict__:
            return klass.__dict__['__hash__'] is None
    return False


def _get_field(cls, name, tp, kw_only):
    default = getattr(cls, name, MISSING)
    if isinstance(default, Field):
        f = default
    else:
        f = field(default=default)
    f.name = name
    f.type = tp
    f._field_type = _FIELD
    if _is_classvar(tp):
        f._field_type = _CLASSVAR
    elif _is_initvar(tp):
        f._field_type = _INITVAR
    if f._field_type is not _FIELD and f.default_factory is not MISSING:
        raise TypeError(f'field {name} cannot have a default factory')
    if f._field_type is not _CLASSVAR and f.kw_only is MISSING:
        f.kw_only = kw_only
    if f._field_type is _CLASSVAR:
        f.kw_only = False
    if f._field_type is _FIELD and f.default is not MISSING and (
            isinstance(f.default, (list, dict, set)) or _class_unhashable(type(f.default))):
        raise ValueError(f'mutable default {type(f.default)} for field {name} '
                         'is not allowed: use default_factory')
    return f


def _type_name(tp):
    if isinstance(tp, type):
        if tp.__module__ == 'builtins':
            return tp.__qualname__
        return f'{tp.__module__}.{tp.__qualname__}'
    return repr(tp).replace('typing.', '')


def _process_class(cls, init, repr, eq, order, unsafe_hash, frozen, match_args, kw_only):
    all_fields = {}
    any_frozen_base = False
    has_dataclass_bases = False
    for base in reversed(cls.__mro__[1:]):
        base_fields = base.__dict__.get('__dataclass_fields__')
        if base_fields is not None:
            has_dataclass_bases = True
            for f in base_fields.values():
                all_fields[f.name] = f
            if base.__dict__['__dataclass_params__']['frozen']:
                any_frozen_base = True

    annotations = cls.__dict__.get('__annotations__', {})
    own = []
    for name, tp in annotations.items():
        if _is_kw_only_marker(tp):
            kw_only = True
            continue
        f = _get_field(cls, name, tp, kw_only)
        own.append(f)
        all_fields[name] = f
        # the class attribute keeps a plain default only
        if isinstance(cls.__dict__.get(name), Field):
            if f.default is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, f.default)
    for name, value in list(cls.__dict__.items()):
        if isinstance(value, Field) and name not in annotations:
            raise TypeError(f'{name!r} is a field but has no type annotation')

    if has_dataclass_bases:
        if any_frozen_base and not frozen:
            raise TypeError('cannot inherit non-frozen dataclass from a frozen one')
        if not any_frozen_base and frozen:
            raise TypeError('cannot inherit frozen dataclass from a non-frozen one')

    cls.__dataclass_fields__ = all_fields
    cls.__dataclass_params__ = {'init': init, 'repr': repr, 'eq': eq, 'order': order,
                                'unsafe_hash': unsafe_hash, 'frozen': frozen}

    class_hash = cls.__dict__.get('__hash__', MISSING)
    has_explicit_hash = not (class_hash is MISSING or
                             (class_hash is None and '__eq__' in cls.__dict__))

    flds = list(all_fields.values())
    real_fields = [f for f in flds if f._field_type is _FIELD]
    compare_fields = [f for f in real_fields if f.compare]

    if init:
        _set_new_attribute(cls, '__init__', _make_init(cls, flds, frozen))
    if repr:
        _set_new_attribute(cls, '__repr__', _make_repr([f for f in real_fields if f.repr]))
    if eq:
        _set_new_attribute(cls, '__eq__', _make_eq(compare_fields))
    if order:
        if not eq:
            raise ValueError('eq must be true if order is true')
        for name in ('__lt__', '__le__', '__gt__', '__ge__'):
            if _set_new_attribute(cls, name, _make_order(name, compare_fields)):
                raise TypeError(f'Cannot overwrite attribute {name} in class {cls.__name__}. '
                                'Consider using functools.total_ordering')
    if frozen:
        setter, deleter = _make_frozen(cls, [f.name for f in real_fields])
        for name, method in (('__setattr__', setter), ('__delattr__', deleter)):
            method.__name__ = name
            if _set_new_attribute(cls, name, method):
                raise TypeError(f'Cannot overwrite attribute {name} in class {cls.__name__}')

    hash_fields = [f for f in real_fields if (f.compare if f.hash is None else f.hash)]
    if unsafe_hash:
        if has_explicit_hash:
            raise TypeError(f'Cannot overwrite attribute __hash__ in class {cls.__name__}')
        cls.__hash__ = _make_hash(hash_fields)
    elif eq and not has_explicit_hash:
        cls.__hash__ = _make_hash(hash_fields) if frozen else None

    if cls.__dict__.get('__doc__') is None:
        params = []
        for f in flds:
            if f._field_type is _CLASSVAR or not f.init:
                continue
            text = f'{f.name}: {_type_name(f.type)}'
            if f.default is not MISSING:
                text += f' = {f.default!r}'
            elif f.default_factory is not MISSING:
                text += ' = <factory>'
            params.append(text)
        try:
            cls.__doc__ = f'{cls.__name__}({", ".join(params)})'
        except (AttributeError, TypeError):
            pass

    if match_args:
        _set_new_attribute(cls, '__match_args__',
                           tuple([f.name for f in flds if f._field_type is not _CLASSVAR
                                  and f.init and not f.kw_only]))
    return cls


def dataclass(cls=None, *, init=True, repr=True, eq=True, order=False,
              unsafe_hash=False, frozen=False, match_args=True, kw_only=False, slots=False):
    """Class decorator adding generated special methods based on the annotated fields."""
    def wrap(cls):
        return _process_class(cls, init, repr, eq, order, unsafe_hash, frozen,
                              match_args, kw_only)
    if cls is None:
        return wrap
    return wrap(cls)


################################################################################
# module functions
################################################################################

def _copy_value(obj, factory):
    if _is_dataclass_instance(obj):
        items = [(f.name, _copy_value(getattr(obj, f.name), factory)) for f in fields(obj)]
        return factory(items)
    if isinstance(obj, tuple) and hasattr(obj, '_fields'):
        return type(obj)(*[_copy_value(v, factory) for v in obj])
    if isinstance(obj, (list, tuple)):
        return type(obj)([_copy_value(v, factory) for v in obj])
    if isinstance(obj, dict):
        return type(obj)([(_copy_value(k, factory), _copy_value(v, factory))
                          for k, v in obj.items()])
    return copy.deepcopy(obj)


def asdict(obj, *, dict_factory=dict):
    """Recursively convert a dataclass instance to a dict of its fields."""
    if not _is_dataclass_instance(obj):
        raise TypeError('asdict() should be called on dataclass instances')
    return _copy_value(obj, dict_factory)


def astuple(obj, *, tuple_factory=tuple):
    """Recursively convert a dataclass instance to a tuple of its field values."""
    if not _is_dataclass_instance(obj):
        raise TypeError('astuple() should be called on dataclass instances')

    def factory(items):
        return tuple_factory([value for name, value in items])
    return _copy_value(obj, factory)


def replace(obj, **changes):
    """A new instance of obj's class with some fields replaced."""
    if not _is_dataclass_instance(obj):
        raise TypeError('replace() should be called on dataclass instances')
    for f in obj.__dataclass_fields__.values():
        if f._field_type is _CLASSVAR:
            continue
        if not f.init:
            if f.name in changes:
                raise ValueError(f'field {f.name} is declared with init=False, '
                                 'it cannot be specified with replace()')
            continue
        if f.name not in changes:
            if f._field_type is _INITVAR and f.default is MISSING:
                raise ValueError(f"InitVar {f.name!r} must be specified with replace()")
            if f._field_type is _FIELD:
                changes[f.name] = getattr(obj, f.name)
    return obj.__class__(**changes)


def make_dataclass(cls_name, fields, *, bases=(), namespace=None, **options):
    """Create a dataclass from a list of names, (name, type) or (name, type, Field)."""
    namespace = dict(namespace or {})
    annotations = {}
    for item in fields:
        if isinstance(item, str):
            name, tp = item, 'typing.Any'
        elif len(item) == 2:
            name, tp = item
        else:
            name, tp, spec = item
            namespace[name] = spec
        annotations[name] = tp
    namespace['__annotations__'] = annotations
    cls = type(cls_name, bases or (object,), namespace)
    return dataclass(cls, **options)
