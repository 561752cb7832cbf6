# try / except / else / finally ordering.
def attempt(x):
    print(f"attempt({x!r})")
    try:
        print("  try start")
        r = 10 / x
        print("  try end", r)
    except ZeroDivisionError as e:
        print("  except ZeroDivisionError:", e)
        r = None
    except TypeError as e:
        print("  except TypeError:", e)
        r = "type"
    else:
        print("  else")
    finally:
        print("  finally")
    print("  after")
    return r
print(attempt(2))
print(attempt(0))
print(attempt("s"))
def nested():
    try:
        try:
            raise KeyError("inner")
        except ValueError:
            print("not here")
        finally:
            print("inner finally")
    except KeyError as e:
        print("outer caught", repr(e))
    finally:
        print("outer finally")
nested()
try:
    raise ValueError("multi")
except (TypeError, ValueError) as e:
    print("tuple clause caught", type(e).__name__, e)
try:
    [][0]
except LookupError as e:
    print("base class clause caught", type(e).__name__)
try:
    {}["k"]
except Exception as e:
    print("Exception clause caught", type(e).__name__, e)
try:
    int("x")
except:
    print("bare except caught")
e_ref = "before"
try:
    raise RuntimeError("scoped")
except RuntimeError as e_ref:
    print("in handler", e_ref)
try:
    print(e_ref)
except NameError as ne:
    print("NameError:", ne)
def reraise():
    try:
        raise ValueError("original")
    except ValueError:
        print("logging and re-raising")
        raise
try:
    reraise()
except ValueError as e:
    print("caught re-raised:", e)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("during handling")
except ValueError as e:
    print("ValueError:", e, "| context:", repr(e.__context__))
for i in range(3):
    try:
        if i == 1:
            continue
        print("loop body", i)
    finally:
        print("loop finally", i)
count = 0
while True:
    try:
        count += 1
        if count == 3:
            break
    finally:
        print("while finally", count)
print("done", count)
