"""Abstract base classes: ABC, abstractmethod, register and __subclasshook__ (without metaclasses)."""

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
    """Helper base class: subclasses with abstract methods cannot be instantiated.

    What CPython's ABCMeta adds to isinstance() and issubclass() is here too: a class is a
    virtual subclass of an ABC when the ABC's __subclasshook__ says so, when it was registered
    with the ABC (or with one of its subclasses), as CPython's __subclasscheck__ decides. The
    builtins isinstance and issubclass call _abc_subclasscheck when the MRO says no.
    """

    __abstractmethods__ = frozenset()
    _abc_registry = []
    _abc_subclasses = []

    def __init_subclass__(cls, **kwargs):
        update_abstractmethods(cls)
        cls._abc_registry = []
        cls._abc_subclasses = []
        for base in cls.__bases__:
            subclasses = base.__dict__.get('_abc_subclasses')
            if subclasses is not None:
                subclasses.append(cls)

    def __new__(cls, *args, **kwargs):
        abstracts = cls.__abstractmethods__
        if abstracts:
            names = sorted(abstracts)
            s = 's' if len(names) > 1 else ''
            raise TypeError(f"Can't instantiate abstract class {cls.__name__} "
                            f"with abstract method{s} {', '.join(names)}")
        return object.__new__(cls)

    @classmethod
    def __subclasshook__(cls, subclass):
        return NotImplemented

    @classmethod
    def register(cls, subclass):
        """Register a virtual subclass of an ABC; returns the subclass, to be a decorator."""
        if not isinstance(subclass, type):
            raise TypeError("Can only register classes")
        if issubclass(subclass, cls):
            return subclass
        if issubclass(cls, subclass):
            raise RuntimeError("Refusing to create an inheritance cycle")
        cls.__dict__['_abc_registry'].append(subclass)
        return subclass

    @classmethod
    def _abc_subclasscheck(cls, subclass):
        if not isinstance(subclass, type):
            raise TypeError('issubclass() arg 1 must be a class')
        ok = cls.__subclasshook__(subclass)
        if ok is not NotImplemented:
            return bool(ok)
        for rcls in cls.__dict__['_abc_registry']:
            if issubclass(subclass, rcls):
                return True
        for scls in cls.__dict__['_abc_subclasses']:
            if issubclass(subclass, scls):
                return True
        return False


def get_cache_token():
    return 0
