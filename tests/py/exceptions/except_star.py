# try/except* (PEP 654): splitting groups among clauses, wrapping naked exceptions,
# re-raising (bare raise rebuilds the original group), raising anew, else and finally.
import sys
def t(f):
    try:
        f()
    except BaseException as e:
        print(type(e).__name__, repr(e))
def a():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2)])
    except* ValueError:
        raise
t(a)
def b():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2)])
    except* ValueError as e:
        print("handled", repr(e))
t(b)
def c():
    try:
        raise ValueError(5)
    except* ValueError as e:
        print("naked", repr(e))
    print("c continues")
t(c)
def d():
    try:
        raise ExceptionGroup("eg", [ValueError(1)])
    except* ValueError:
        raise KeyError(3)
t(d)
def e():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2)])
    except* ValueError:
        raise KeyError(3)
    except* TypeError:
        pass
t(e)
def f():
    try:
        raise ValueError(1)
    except* TypeError:
        print("no")
t(f)
def g():
    try:
        raise ExceptionGroup("eg", [ValueError(1)])
    except* ExceptionGroup:
        pass
t(g)
def h():
    try:
        raise ExceptionGroup("eg", [ValueError(1), ExceptionGroup("inner", [TypeError(2), ValueError(3)])])
    except* ValueError as e:
        print("h match", repr(e))
    except* TypeError as e:
        print("h match2", repr(e))
    else:
        print("else")
    finally:
        print("finally")
t(h)
def i():
    try:
        pass
    except* ValueError:
        pass
    else:
        print("i else")
t(i)


def j():
    try:
        raise ExceptionGroup("eg", [KeyError("k"), OSError("o"), ValueError("v")])
    except* (KeyError, OSError) as e:
        print("tuple match", repr(e), repr(sys.exc_info()[1]))
        raise RuntimeError("from handler")
t(j)


def k():
    try:
        try:
            raise ExceptionGroup("outer", [ValueError(1), TypeError(2)])
        except* ValueError as e:
            raise ZeroDivisionError("new")
    except ExceptionGroup as e:
        print("combined", repr(e))
        print("context of the new one:", repr(e.exceptions[0].__context__))
t(k)


def loop_in_handler():
    try:
        raise ExceptionGroup("eg", [ValueError(1)])
    except* ValueError:
        for i in range(3):
            if i == 1:
                continue
            if i == 2:
                break
            print("loop", i)
    return "ok"
print(loop_in_handler())
