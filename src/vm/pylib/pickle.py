"""pickle's exceptions (gilsim pickles natively, for values crossing between processes)."""


class PickleError(Exception):
    __module__ = "_pickle"


class PicklingError(PickleError):
    __module__ = "_pickle"


class UnpicklingError(PickleError):
    __module__ = "_pickle"


HIGHEST_PROTOCOL = 5
DEFAULT_PROTOCOL = 4
