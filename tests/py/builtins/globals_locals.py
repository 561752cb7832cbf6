"""globals(), locals() and vars() without arguments: module, function, closure, class body."""
counter = 0
def bump():
    globals()['counter'] += 1
bump(); bump()
print(counter, globals()['__name__'], 'bump' in globals(), globals() is globals())
print(locals() is globals(), vars() is globals())

def f(a, b=2, *args, **kw):
    c = a + b
    unbound_yet = None
    del unbound_yet
    def g():
        return c
    print(sorted(locals()), locals()['c'], vars()['a'])
    return g
f(1)
def outer():
    x = 10
    def inner():
        y = x + 1
        return locals()
    return inner()
print(outer())
class K:
    a = 1
    b = a + 1
    names = sorted(k for k in locals() if not k.startswith('__'))
    print(sorted(k for k in vars() if not k.startswith('__')))
print(K.names)
def shadow():
    locals = lambda: 'mine'
    return locals()
print(shadow())
print("{x} and {y}".format(**{'x': 1, 'y': 2}), "%(counter)s" % globals())
def fmt(name, n):
    return "{name} has {n}".format(**locals())
print(fmt('ann', 3))
import threading
def worker():
    local_value = threading.current_thread().name
    print(sorted(locals().items()))
t = threading.Thread(target=worker, name='W'); t.start(); t.join()
