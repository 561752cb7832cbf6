# exceptions propagating across frames, finally in each frame.
def level3(x):
    print("  level3 start")
    try:
        return 100 // x
    finally:
        print("  level3 finally")
def level2(x):
    print(" level2 start")
    r = level3(x)
    print(" level2 end")
    return r
def level1(x):
    print("level1 start")
    try:
        return level2(x)
    except ZeroDivisionError as e:
        print("level1 caught:", e)
        return -1
    finally:
        print("level1 finally")
print(level1(5))
print(level1(0))
def validator(v):
    if not isinstance(v, int):
        raise TypeError(f"expected int, got {type(v).__name__}")
    if v < 0:
        raise ValueError(f"negative: {v}")
    return v
def process(items):
    out = []
    for it in items:
        try:
            out.append(validator(it))
        except ValueError as e:
            out.append(f"skip({e})")
    return out
print(process([1, -2, 3]))
try:
    process([1, "two"])
except TypeError as e:
    print("TypeError:", e)
def gen_then_fail():
    yield 1
    yield 2
    raise IndexError("gen failure")
def consume():
    total = 0
    for v in gen_then_fail():
        total += v
    return total
try:
    consume()
except IndexError as e:
    print("IndexError:", e)
class Stack:
    def __init__(self):
        self.items = []
    def pop(self):
        if not self.items:
            raise IndexError("pop from empty Stack")
        return self.items.pop()
def drain(s, n):
    return [s.pop() for _ in range(n)]
s = Stack()
s.items = [1, 2]
try:
    drain(s, 3)
except IndexError as e:
    print("IndexError:", e, s.items)
def deep(n):
    if n == 0:
        raise RuntimeError("bottom reached")
    try:
        deep(n - 1)
    finally:
        print("unwinding", n)
try:
    deep(4)
except RuntimeError as e:
    print("RuntimeError:", e)
def catch_in_lambda():
    f = lambda: [1][5]
    try:
        f()
    except IndexError as e:
        return "lambda raised: " + str(e)
print(catch_in_lambda())
results = []
for fn in [lambda: 1 / 0, lambda: int("q"), lambda: None.x, lambda: "ok"]:
    try:
        results.append(fn())
    except (ZeroDivisionError, ValueError) as e:
        results.append(type(e).__name__)
    except AttributeError:
        results.append("attr")
print(results)
