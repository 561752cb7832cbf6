"""Abstract base classes: ABC and abstractmethod (without metaclasses)."""

# gilsim has no metaclasses: ABC computes __abstractmethods__ for each
# subclass in __init_subclass__ and refuses instantiation in __new__.

ABCMeta = type


def abstractmethod(funcobj):
    """Mark a method as abstract."""
    funcobj.__isabstractmethod__ = True
    return funcobj


def _is_abstract(value):
    if getattr(value, '__isabstractmethod__', False):
        return True
    if isinstance(value, property):
        for part in (value.fget, value.fset, value.fdel):
            if getattr(part, '__isabstractmethod__', False):
                return True
    elif isinstance(value, (staticmethod, classmethod)):
        return getattr(getattr(value, '__func__', None), '__isabstractmethod__', False)
    return False


def _lookup(cls, name):
    """The raw attribute `name` from the first class in the MRO defining it."""
    for klass in cls.__mro__:
        if name in klass.__dict__:
            return klass.__dict__[name]
    return None


def update_abstractmethods(cls):
    """Recompute cls.__abstractmethods__ (e.g. after adding methods)."""
    abstracts = set()
    for name, value in cls.__dict__.items():
        if _is_abstract(value):
            abstracts.add(name)
    for base in cls.__mro__[1:]:
        for name in base.__dict__.get('__abstractmethods__', ()):
            if _is_abstract(_lookup(cls, name)):
                abstracts.add(name)
    cls.__abstractmethods__ = frozenset(abstracts)
    return cls


class ABC:
    """Helper base class: subclasses with abstract methods cannot be instantiated."""

    __abstractmethods__ = frozenset()

    def __init_subclass__(cls, **kwargs):
        update_abstractmethods(cls)

    def __new__(cls, *args, **kwargs):
        abstracts = cls.__abstractmethods__
        if abstracts:
            names = sorted(abstracts)
            s = 's' if len(names) > 1 else ''
            raise TypeError(f"Can't instantiate abstract class {cls.__name__} "
                            f"with abstract method{s} {', '.join(names)}")
        return object.__new__(cls)

    @classmethod
    def register(cls, subclass):
        """Virtual subclass registration is not supported; returns subclass."""
        return subclass


def get_cache_token():
    return 0
