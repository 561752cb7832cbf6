"""traceback: format_exc, format_exception(_only), print_exc, chained exceptions, in a thread."""
import traceback, sys, threading
def inner():
    raise KeyError('missing')
def outer():
    inner()
try:
    outer()
except KeyError as e:
    text = traceback.format_exc()
    print(text.replace(__file__, 'F'))
    print(traceback.format_exception_only(e))
    print(''.join(traceback.format_exception(e)).replace(__file__, 'F') == text.replace(__file__, 'F'))
    traceback.print_exc(file=sys.stdout)
print(repr(traceback.format_exc()))
def worker():
    try:
        raise ZeroDivisionError('division by zero')
    except ZeroDivisionError:
        print("worker caught:", traceback.format_exc().splitlines()[-1])
t = threading.Thread(target=worker); t.start(); t.join()
try:
    try:
        raise ValueError("inner")
    except ValueError as e:
        raise RuntimeError("outer") from e
except RuntimeError:
    print(traceback.format_exc().replace(__file__, 'F'))
