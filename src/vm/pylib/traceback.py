"""Print or format exceptions as the interpreter does: a subset of CPython 3.11's traceback
(format_exception, format_exception_only, format_exc, print_exception, print_exc)."""

import sys
import _thread

__all__ = ['format_exception', 'format_exception_only', 'format_exc', 'print_exception',
           'print_exc']


def _exception(exc, value):
    # the (type, value, traceback) form of the arguments gives the value second
    return exc if value is None else value


def format_exception(exc, /, value=None, tb=None, limit=None, chain=True):
    exc = _exception(exc, value)
    if exc is None:
        return ['NoneType: None\n']
    return _thread._format_exception(exc).splitlines(keepends=True)


def format_exception_only(exc, /, value=None):
    exc = _exception(exc, value)
    if exc is None:
        return ['NoneType: None\n']
    return format_exception(exc)[-1:]


def print_exception(exc, /, value=None, tb=None, limit=None, file=None, chain=True):
    if file is None:
        file = sys.stderr
    for line in format_exception(exc, value):
        print(line, file=file, end='')


def format_exc(limit=None, chain=True):
    return ''.join(format_exception(sys.exc_info()[1]))


def print_exc(limit=None, file=None, chain=True):
    print_exception(sys.exc_info()[1], file=file)
