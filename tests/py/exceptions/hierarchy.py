# user exception classes with a hierarchy.
class AppError(Exception):
    """Base for app errors."""
class ValidationError(AppError):
    def __init__(self, field, message):
        super().__init__(f"{field}: {message}")
        self.field = field
class NotFoundError(AppError):
    def __init__(self, what, ident):
        self.what = what
        self.ident = ident
        super().__init__(what, ident)
    def __str__(self):
        return f"{self.what} #{self.ident} not found"
class PermissionDenied(AppError):
    pass
def handle(n):
    if n == 0:
        raise ValidationError("age", "must be positive")
    if n == 1:
        raise NotFoundError("user", 42)
    if n == 2:
        raise PermissionDenied("admin only")
    if n == 3:
        raise AppError()
    if n == 4:
        raise KeyError("plain key")
    return "ok"
for n in range(6):
    try:
        print(n, handle(n))
    except ValidationError as e:
        print(n, "validation", e, "field=", e.field, e.args)
    except NotFoundError as e:
        print(n, "not found", e, repr(e), e.args)
    except AppError as e:
        print(n, "app error", type(e).__name__, repr(str(e)), e.args, repr(e))
    except Exception as e:
        print(n, "other", type(e).__name__, e)
print(issubclass(ValidationError, AppError), issubclass(AppError, Exception), issubclass(Exception, BaseException))
print(issubclass(KeyError, LookupError), issubclass(IndexError, LookupError), issubclass(ZeroDivisionError, ArithmeticError))
print(issubclass(KeyboardInterrupt, Exception), issubclass(StopIteration, Exception), issubclass(RecursionError, RuntimeError))
print(issubclass(NotImplementedError, RuntimeError), issubclass(UnboundLocalError, NameError), issubclass(ModuleNotFoundError, ImportError))
print(AppError.__doc__, [c.__name__ for c in ValidationError.__mro__])
class WithDefault(Exception):
    def __init__(self, msg="default message"):
        super().__init__(msg)
try:
    raise WithDefault
except WithDefault as e:
    print(e, e.args)
try:
    raise WithDefault("custom")
except WithDefault as e:
    print(e, e.args)
errs = [ValueError("v"), TypeError("t", 2), KeyError("k"), IndexError(), Exception("a", "b")]
for e in errs:
    print(type(e).__name__, str(e), repr(e), e.args)
class Retry(Exception):
    def __init__(self, attempts):
        super().__init__(attempts)
        self.attempts = attempts
def flaky(state):
    state["n"] += 1
    if state["n"] < 3:
        raise Retry(state["n"])
    return f"succeeded after {state['n']}"
state = {"n": 0}
while True:
    try:
        print(flaky(state))
        break
    except Retry as r:
        print("retry", r.attempts, r)
