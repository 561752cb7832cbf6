# contextvars: ContextVar, Token, Context and copy_context, their errors, and a thread's own
# context (a new thread starts with an empty one).
import contextvars
import threading

request_id = contextvars.ContextVar("request_id", default="-")
user = contextvars.ContextVar("user")


def log(msg):
    print(f"[{request_id.get()}] {msg}")


request_id.set("top")
log("set at the top")

# threads start with an empty context
def in_thread():
    log("new thread")
    request_id.set("thread")
    log("thread set")

th = threading.Thread(target=in_thread)
th.start()
th.join()
log("main thread unchanged")

try:
    user.get()
except LookupError as e:
    print("LookupError", type(e.args[0]).__name__, e.args[0].name)
print(user.get("fallback"))
ctx = contextvars.Context()
print(ctx.run(lambda: (user.set("alice"), user.get())[1]), ctx.get(user), user.get(None))
try:
    ctx.run(ctx.run, print, "x")
except RuntimeError as e:
    print("RuntimeError", str(e).startswith("cannot enter context"))
tok = user.set("bob")
print(tok.var is user, tok.old_value is contextvars.Token.MISSING)
user.reset(tok)
try:
    user.reset(tok)
except RuntimeError as e:
    print("RuntimeError", "has already been used once" in str(e))
print(user.get("gone"))
tok2 = ctx.run(user.set, "carol")
try:
    user.reset(tok2)
except ValueError as e:
    print("ValueError", "different Context" in str(e))
try:
    request_id.reset(user.set("x"))
except ValueError as e:
    print("ValueError", "different ContextVar" in str(e))
try:
    contextvars.ContextVar(5)
except TypeError as e:
    print(e)
try:
    ctx["nope"]
except TypeError as e:
    print(e)
try:
    hash(ctx)
except TypeError as e:
    print("unhashable")
print(sorted(v.name for v in ctx), sorted(k.name for k in ctx.keys()), list(ctx.values()))
print(ctx == ctx.copy(), ctx == contextvars.Context(), repr(contextvars.Token.MISSING))
print(repr(user).startswith("<ContextVar name='user' at 0x"), repr(request_id).startswith("<ContextVar name='request_id' default='-' at 0x"))
try:
    class Sub(contextvars.ContextVar):
        pass
except TypeError as e:
    print(e)
x: contextvars.ContextVar[int] = contextvars.ContextVar("x", default=1)
print(x.get(), x.name)
