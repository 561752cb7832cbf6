# dir() with no argument: the sorted names of the scope it is called in (a function's bound
# locals and cells, a class body's namespace, a module's globals with CPython's own
# module attributes); and the module attributes themselves, in CPython's order.
import math

x: int = 1


def f(a, b=2):
    c = a + b

    def g():
        return c

    print("in f:", dir())
    unbound = dir()
    print("after assigning:", unbound)
    return g


class K:
    x = 1

    def m(self):
        pass

    print("in K:", dir())


f(1)
print("module:", dir())
print("globals order:", list(globals())[:9])
print(__annotations__, __package__, __spec__, __cached__)
print(dir(K)[-2:])
