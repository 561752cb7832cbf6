"""Recognising coroutines and describing them (Lib/asyncio/coroutines.py)."""

__all__ = 'iscoroutinefunction', 'iscoroutine'

import types

from asyncio.format_helpers import _is_partial

# A marker for iscoroutinefunction.
_is_coroutine = object()


def _is_async_def(func):
    # inspect.iscoroutinefunction: unwrap methods and partials, test CO_COROUTINE
    while True:
        if type(func).__name__ == 'method':
            func = func.__func__
        elif _is_partial(func):
            func = func.func
        else:
            break
    return type(func).__name__ == 'function' and bool(func.__code__.co_flags & 0x80)


def iscoroutinefunction(func):
    """Return True if func is a decorated coroutine function."""
    return (_is_async_def(func) or
            getattr(func, '_is_coroutine', None) is _is_coroutine)


_COROUTINE_TYPES = (types.CoroutineType, types.GeneratorType)


def iscoroutine(obj):
    """Return True if obj is a coroutine object (or implements collections.abc.Coroutine:
    __await__, send, throw and close, as the awaitables of async generators do)."""
    if isinstance(obj, _COROUTINE_TYPES):
        return True
    t = type(obj)
    return (hasattr(t, '__await__') and hasattr(t, 'send') and hasattr(t, 'throw')
            and hasattr(t, 'close'))


def _format_coroutine(coro):
    if getattr(coro, '__qualname__', None):
        coro_name = coro.__qualname__ + '()'
    elif getattr(coro, '__name__', None):
        coro_name = coro.__name__ + '()'
    else:
        coro_name = f'<{type(coro).__name__} without __name__>()'

    coro_code = getattr(coro, 'cr_code', None) or getattr(coro, 'gi_code', None)
    if not coro_code:
        running = getattr(coro, 'cr_running', None) or getattr(coro, 'gi_running', False)
        if running:
            return f'{coro_name} running'
        return coro_name

    coro_frame = getattr(coro, 'gi_frame', None) or getattr(coro, 'cr_frame', None)
    filename = coro_code.co_filename or '<empty co_filename>'
    if coro_frame is not None:
        return f'{coro_name} running at {filename}:{coro_frame.f_lineno}'
    return f'{coro_name} done, defined at {filename}:{coro_code.co_firstlineno}'
