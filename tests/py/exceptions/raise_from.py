# raise X from Y, __cause__, __context__, __suppress_context__.
class ConfigError(Exception):
    pass
def load(key):
    data = {"a": "1", "b": "x"}
    try:
        return int(data[key])
    except KeyError as e:
        raise ConfigError(f"missing key {key!r}") from e
    except ValueError as e:
        raise ConfigError(f"bad value for {key!r}") from e
for k in ["a", "b", "c"]:
    try:
        print(k, "->", load(k))
    except ConfigError as e:
        print(k, "-> ConfigError:", e)
        print("   cause:", type(e.__cause__).__name__, e.__cause__)
        print("   context is cause:", e.__context__ is e.__cause__, e.__suppress_context__)
try:
    try:
        raise KeyError("k")
    except KeyError:
        raise ValueError("no cause") from None
except ValueError as e:
    print(e, e.__cause__, e.__suppress_context__, type(e.__context__).__name__)
try:
    raise RuntimeError("direct") from TypeError("typed cause")
except RuntimeError as e:
    print(e, "<-", repr(e.__cause__))
e = ValueError("plain")
print(e.__cause__, e.__context__, e.__suppress_context__)
try:
    raise ValueError
except ValueError as err:
    print(repr(err), err.args, str(err) == "")
try:
    raise TypeError
except TypeError as err:
    print(type(err).__name__, repr(err))
def chain():
    try:
        1 / 0
    except ZeroDivisionError as z:
        try:
            {}["x"]
        except KeyError as k:
            raise LookupError("final") from k
try:
    chain()
except LookupError as e:
    print(e, repr(e.__cause__), repr(e.__cause__.__context__))
