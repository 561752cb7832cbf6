"""Enumerations (Enum, IntEnum, StrEnum, auto, unique) built without a metaclass."""

# How it works without a metaclass: Enum.__init_subclass__ replaces the plain
# class attributes of each new enum class with member instances; Color(1)
# goes through Enum.__new__, which looks the member up; Color['RED'] uses
# __class_getitem__. Iterating over, len() of and `in` on the class itself
# need the VM to call the classmethods __class_iter__, __class_len__ and
# __class_contains__ (a metaclass would do that in CPython).

import operator
import sys

__all__ = ['Enum', 'IntEnum', 'StrEnum', 'auto', 'unique']


class auto:
    """Placeholder replaced by an automatically generated member value."""

    def __repr__(self):
        return 'auto()'


def _function():
    pass


_NOT_MEMBERS = (type(_function), property, staticmethod, classmethod)
_NO_VALUE = object()


def _is_dunder(name):
    return len(name) > 4 and name[:2] == name[-2:] == '__' and name[2] != '_' and name[-3] != '_'


def _is_sunder(name):
    return len(name) > 2 and name[0] == name[-1] == '_' and name[1] != '_' and name[-2] != '_'


def _is_private(cls_name, name):
    prefix = f'_{cls_name.lstrip("_")}__'
    return name.startswith(prefix) and not name.endswith('__')


def _enum_repr(cls):
    return f'<enum {cls.__name__!r}>'


def _user_init(cls):
    """An __init__ defined by the enum class (or a base below Enum), if any."""
    for klass in cls.__mro__:
        if klass is Enum:
            return None
        if '__init__' in klass.__dict__:
            return klass.__dict__['__init__']
    return None


def _ignore_init(self, *args, **kwds):
    pass


class Enum:
    """Base class for enumerations: class Color(Enum): RED = 1"""

    _member_names_ = []
    _member_map_ = {}
    _value2member_map_ = {}
    _member_type_ = object
    __members__ = {}

    def __init_subclass__(cls, **kwds):
        for base in cls.__mro__[1:]:
            if base.__dict__.get('_member_names_'):
                raise TypeError(f'{_enum_repr(cls)} cannot extend {_enum_repr(base)}')
        names = []
        member_map = {}
        value_map = {}
        last_values = []
        init = _user_init(cls)
        member_type = cls._member_type_
        for name, value in list(cls.__dict__.items()):
            if (_is_dunder(name) or _is_sunder(name) or _is_private(cls.__name__, name)
                    or isinstance(value, _NOT_MEMBERS)):
                continue
            if isinstance(value, auto):
                value = cls._generate_next_value_(name, 1, len(names), last_values[:])
            last_values.append(value)
            alias = None
            for member in member_map.values():
                if member._value_ == value:
                    alias = member
                    break
            if alias is not None:
                member_map[name] = alias
                setattr(cls, name, alias)
                continue
            member = object.__new__(cls)
            if member_type is str and not isinstance(value, str):
                raise TypeError(f'{value!r} is not a string')
            member._value_ = value if member_type is object else member_type(value)
            member._name_ = name
            if init is not None:
                init(member, *(value if isinstance(value, tuple) else (value,)))
            names.append(name)
            member_map[name] = member
            try:
                value_map[member._value_] = member
            except TypeError:
                pass        # unhashable values are found by a linear search
            setattr(cls, name, member)
        cls._member_names_ = names
        cls._member_map_ = member_map
        cls._value2member_map_ = value_map
        cls.__members__ = dict(member_map)
        if init is not None:
            # Color(value) must not run the member initialiser again
            cls.__init__ = _ignore_init

    def __new__(cls, value=_NO_VALUE, *args, **kwds):
        if not cls._member_map_ and (args or kwds):
            return cls._create_(value, *args, **kwds)
        if type(value) is cls:
            return value
        try:
            return cls._value2member_map_[value]
        except (KeyError, TypeError):
            pass
        for member in cls._member_map_.values():
            if member._value_ == value:
                return member
        result = cls._missing_(value)
        if isinstance(result, cls):
            return result
        raise ValueError(f'{value!r} is not a valid {cls.__qualname__}')

    def __init__(self, *args, **kwds):
        pass

    @classmethod
    def _missing_(cls, value):
        return None

    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        for value in reversed(last_values):
            try:
                return value + 1
            except TypeError:
                pass
        return start

    @classmethod
    def _create_(cls, class_name, names, *, module=None, qualname=None, type=None, start=1):
        """Functional API: Enum('Color', 'RED GREEN') or with a list/dict of members."""
        if isinstance(names, str):
            names = names.replace(',', ' ').split()
        namespace = {}
        if isinstance(names, dict):
            namespace.update(names)
        else:
            names = list(names)
            for i, item in enumerate(names):
                if isinstance(item, str):
                    namespace[item] = cls._generate_next_value_(
                        item, start, i, list(namespace.values()))
                else:
                    namespace[item[0]] = item[1]
        bases = (cls,) if type is None else (type, cls)
        enum_class = _builtin_type(class_name, bases, namespace)
        enum_class.__module__ = module if module is not None else _caller_module()
        if qualname is not None:
            enum_class.__qualname__ = qualname
        return enum_class

    # -- class-level protocol (needs VM support, see the module comment) ------

    def __class_getitem__(cls, name):
        return cls._member_map_[name]

    @classmethod
    def __class_iter__(cls):
        return iter([cls._member_map_[name] for name in cls._member_names_])

    @classmethod
    def __class_reversed__(cls):
        return iter([cls._member_map_[name] for name in reversed(cls._member_names_)])

    @classmethod
    def __class_len__(cls):
        return len(cls._member_names_)

    @classmethod
    def __class_contains__(cls, member):
        if not isinstance(member, Enum):
            raise TypeError(f"unsupported operand type(s) for 'in': "
                            f"'{type(member).__qualname__}' and 'EnumType'")
        return isinstance(member, cls) and member._name_ in cls._member_map_

    # -- members --------------------------------------------------------------

    @property
    def name(self):
        return self._name_

    @property
    def value(self):
        return self._value_

    def __repr__(self):
        return f'<{type(self).__name__}.{self._name_}: {self._value_!r}>'

    def __str__(self):
        return f'{type(self).__name__}.{self._name_}'

    def __format__(self, format_spec):
        return format(str(self), format_spec)

    def __hash__(self):
        return hash(self._name_)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __reduce_ex__(self, proto):
        return type(self), (self._value_,)


_builtin_type = type


def _caller_module():
    getframe = getattr(sys, '_getframe', None)
    if getframe is not None:
        try:
            return getframe(3).f_globals.get('__name__', '__main__')
        except (AttributeError, ValueError):
            pass
    return '__main__'


def _value_of(x):
    return x._value_ if isinstance(x, Enum) else x


def _binary(op):
    def method(self, other):
        return op(self._value_, _value_of(other))
    return method


def _reflected(op):
    def method(self, other):
        return op(_value_of(other), self._value_)
    return method


def _unary(op):
    def method(self):
        return op(self._value_)
    return method


class IntEnum(Enum):
    """Enum whose members behave like their int values."""

    _member_type_ = int

    def __str__(self):
        return repr(self._value_)

    def __format__(self, format_spec):
        return format(self._value_, format_spec)

    def __hash__(self):
        return hash(self._value_)

    __eq__ = _binary(operator.eq)
    __ne__ = _binary(operator.ne)
    __lt__ = _binary(operator.lt)
    __le__ = _binary(operator.le)
    __gt__ = _binary(operator.gt)
    __ge__ = _binary(operator.ge)
    __add__ = _binary(operator.add)
    __radd__ = _reflected(operator.add)
    __sub__ = _binary(operator.sub)
    __rsub__ = _reflected(operator.sub)
    __mul__ = _binary(operator.mul)
    __rmul__ = _reflected(operator.mul)
    __truediv__ = _binary(operator.truediv)
    __rtruediv__ = _reflected(operator.truediv)
    __floordiv__ = _binary(operator.floordiv)
    __rfloordiv__ = _reflected(operator.floordiv)
    __mod__ = _binary(operator.mod)
    __rmod__ = _reflected(operator.mod)
    __pow__ = _binary(operator.pow)
    __rpow__ = _reflected(operator.pow)
    __and__ = _binary(operator.and_)
    __rand__ = _reflected(operator.and_)
    __or__ = _binary(operator.or_)
    __ror__ = _reflected(operator.or_)
    __xor__ = _binary(operator.xor)
    __rxor__ = _reflected(operator.xor)
    __lshift__ = _binary(operator.lshift)
    __rlshift__ = _reflected(operator.lshift)
    __rshift__ = _binary(operator.rshift)
    __rrshift__ = _reflected(operator.rshift)
    __neg__ = _unary(operator.neg)
    __pos__ = _unary(operator.pos)
    __abs__ = _unary(operator.abs)
    __invert__ = _unary(operator.invert)
    __int__ = _unary(int)
    __index__ = _unary(int)
    __float__ = _unary(float)
    __bool__ = _unary(bool)


def _str_method(name):
    def method(self, *args, **kwargs):
        return getattr(self._value_, name)(*args, **kwargs)
    method.__name__ = name
    return method


class StrEnum(Enum):
    """Enum whose members behave like their str values."""

    _member_type_ = str

    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        return name.lower()

    def __str__(self):
        return self._value_

    def __format__(self, format_spec):
        return format(self._value_, format_spec)

    def __hash__(self):
        return hash(self._value_)

    __eq__ = _binary(operator.eq)
    __ne__ = _binary(operator.ne)
    __lt__ = _binary(operator.lt)
    __le__ = _binary(operator.le)
    __gt__ = _binary(operator.gt)
    __ge__ = _binary(operator.ge)
    __add__ = _binary(operator.add)
    __radd__ = _reflected(operator.add)
    __mul__ = _binary(operator.mul)
    __contains__ = _binary(operator.contains)
    __getitem__ = _binary(operator.getitem)
    __len__ = _unary(len)
    __iter__ = _unary(iter)


for _name in ('upper', 'lower', 'title', 'capitalize', 'strip', 'lstrip', 'rstrip',
              'split', 'rsplit', 'join', 'replace', 'startswith', 'endswith', 'find',
              'index', 'count', 'format', 'encode', 'isdigit', 'isalpha', 'center',
              'ljust', 'rjust', 'zfill', 'partition', 'splitlines', 'casefold'):
    setattr(StrEnum, _name, _str_method(_name))
del _name


def unique(enumeration):
    """Class decorator raising ValueError if the enumeration has aliases."""
    duplicates = [(name, member._name_) for name, member in enumeration._member_map_.items()
                  if name != member._name_]
    if duplicates:
        details = ', '.join([f'{alias} -> {name}' for alias, name in duplicates])
        raise ValueError(f'duplicate values found in {_enum_repr(enumeration)}: {details}')
    return enumeration
