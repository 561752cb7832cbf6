"""Describing callbacks in reprs (Lib/asyncio/format_helpers.py, with reprlib's limits)."""

class partial:
    """functools.partial's core, for asyncio's own callbacks (functools stays unloaded
    unless the program imports it; `_is_partial` accepts either)."""

    def __init__(self, func, *args, **keywords):
        self.func = func
        self.args = args
        self.keywords = keywords

    def __call__(self, *args, **keywords):
        keywords = {**self.keywords, **keywords}
        return self.func(*self.args, *args, **keywords)


def _is_partial(obj):
    """Is `obj` a functools.partial (or asyncio's own)?"""
    return type(obj).__name__ == 'partial' and hasattr(obj, 'func')


def _short_repr(obj):
    """reprlib.repr: long strings and containers abbreviated."""
    if isinstance(obj, str):
        r = repr(obj)
        if len(r) > 30:
            i = (30 - 3) // 2
            j = 30 - 3 - i
            r = r[:i] + '...' + r[len(r) - j:]
        return r
    if type(obj) in (list, tuple, set, frozenset):
        items = list(obj)
        if type(obj) in (set, frozenset):
            items = sorted(items, key=repr) if len(items) > 6 else items
        parts = [_short_repr(x) for x in items[:6]]
        if len(items) > 6:
            parts.append('...')
        body = ', '.join(parts)
        if type(obj) is list:
            return '[' + body + ']'
        if type(obj) is tuple:
            return '(' + body + (',)' if len(items) == 1 else ')')
        if not items:
            return type(obj).__name__ + '()'
        return '{' + body + '}' if type(obj) is set else 'frozenset({' + body + '})'
    if type(obj) is int:
        r = repr(obj)
        if len(r) > 40:
            r = r[:18] + '...' + r[len(r) - 19:]
        return r
    r = repr(obj)
    if len(r) > 20 and type(obj) is not float:
        r = r[:8] + '...' + r[len(r) - 9:]
    return r


def _get_function_source(func):
    if _is_partial(func):
        return _get_function_source(func.func)
    if type(func).__name__ == 'function':
        if getattr(func, '__module__', '') == '_asyncio':
            return None  # CPython's C accelerator: no source
        code = func.__code__
        return (code.co_filename, code.co_firstlineno)
    if type(func).__name__ == 'method':
        if type(func.__self__).__module__ == '_asyncio':
            return None  # a method of CPython's C Task or Future: no source
        return _get_function_source(func.__func__)
    return None


def _format_callback_source(func, args):
    func_repr = _format_callback(func, args, None)
    source = _get_function_source(func)
    if source:
        func_repr += f' at {source[0]}:{source[1]}'
    return func_repr


def _format_args_and_kwargs(args, kwargs):
    items = []
    if args:
        items.extend(_short_repr(arg) for arg in args)
    if kwargs:
        items.extend(f'{k}={_short_repr(v)}' for k, v in kwargs.items())
    return '({})'.format(', '.join(items))


def _format_callback(func, args, kwargs, suffix=''):
    if _is_partial(func):
        suffix = _format_args_and_kwargs(args, kwargs) + suffix
        return _format_callback(func.func, func.args, func.keywords, suffix)

    if getattr(func, '__qualname__', None):
        func_repr = func.__qualname__
    elif getattr(func, '__name__', None):
        func_repr = func.__name__
    else:
        func_repr = repr(func)

    func_repr += _format_args_and_kwargs(args, kwargs)
    if suffix:
        func_repr += suffix
    return func_repr
