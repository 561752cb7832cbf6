# with statements around exceptions, assert with message.
class Managed:
    def __init__(self, name, swallow=False):
        self.name = name
        self.swallow = swallow
    def __enter__(self):
        print(f"enter {self.name}")
        return self.name.upper()
    def __exit__(self, et, ev, tb):
        print(f"exit {self.name}: {et.__name__ if et else None} {ev!r}")
        return self.swallow
with Managed("a") as v:
    print("body", v)
with Managed("b", swallow=True):
    raise ValueError("swallowed")
try:
    with Managed("c"):
        raise KeyError("propagates")
except KeyError as e:
    print("outer got", repr(e))
def early_return():
    with Managed("d"):
        return "returned"
print(early_return())
for name in ["e", "f"]:
    with Managed(name):
        if name == "e":
            continue
        print("not skipped", name)
try:
    with Managed("outer"), Managed("inner", swallow=False):
        raise RuntimeError("both exit")
except RuntimeError as e:
    print("caught", e)
with Managed("outer2", swallow=True):
    with Managed("inner2"):
        1 / 0
print("continued")
def check(x):
    assert x > 0, f"x must be positive, got {x}"
    assert isinstance(x, int)
    return x * 2
print(check(5))
try:
    check(-1)
except AssertionError as e:
    print("AssertionError:", e, e.args)
try:
    check(1.5)
except AssertionError as e:
    print("AssertionError with no message:", repr(e), e.args)
try:
    assert [], "empty list is falsy"
except AssertionError as e:
    print("AssertionError:", e)
assert True, "never raised"
assert 1 == 1
try:
    assert 1 == 2, ("tuple", "message")
except AssertionError as e:
    print(e.args)
print("end")
