# Loops whose back-edges run their test or their `for` step themselves, and the quickened
# operators on two locals or a local and the stack, with every kind of value going through
# them: ints, bools, floats, big ints, strs, lists, and errors from inside the loop step.


def accumulate(xs):
    total = 0
    for x in xs:
        total += x
    return total


print(accumulate(range(10)), accumulate([1.5, 2, True]), accumulate([2**62, 2**62, 2**62]))
print(accumulate(x * x for x in range(5)))  # a generator: its step is dispatched as usual
print(accumulate((1, 2, 3)), accumulate({4: "a", 5: "b"}))


def concat(parts):
    s = ""
    for p in parts:
        s = s + p
        s += "."
    return s


print(concat(["a", "b", "c"]))


def lists(n):
    out = []
    extra = [0]
    for i in range(n):
        out = out + extra
        out += [i]
    return out


print(lists(3))


def products(a, b):
    r = []
    for i in range(a, b):
        j = i
        r.append((i * j, i // 3, i % 3, j - i, i ** 2, i << 1, i >> 1, i & 6, i | 1, i ^ 5))
    return r


print(products(-4, 4))


def stack_ops(n):
    acc = 1
    for i in range(1, n):
        acc *= i + 1
        acc -= i * 2
    return acc


print(stack_ops(10), stack_ops(30))


def divide(n, d):
    try:
        return n // d
    except ZeroDivisionError as e:
        return "ZeroDivisionError: " + str(e)


print(divide(7, 2), divide(7, 0), divide(7.0, 0))


def mod_const(n):
    out = []
    while n > -5:
        out.append((n % 3, n // 2, n * 3))
        n -= 2
    return out


print(mod_const(5))


def nested(n):
    pairs = 0
    i = 0
    while i < n:
        j = 0
        while j < i:
            j += 1
            pairs += 1
        else:
            pairs += 100
        i += 1
    return pairs


print(nested(6))


def early(xs):
    for x in xs:
        if x > 2:
            break
    else:
        return "no break"
    return "broke at " + str(x)


print(early([1, 2, 3, 4]), early([0]))


class Countdown:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.n == 0:
            raise StopIteration
        if self.n == 2:
            raise ValueError("two")
        self.n -= 1
        return self.n


def drain(it):
    seen = []
    for v in it:
        seen.append(v)
    return seen


try:
    drain(Countdown(5))
except ValueError as e:
    print("ValueError:", e)
print(drain(Countdown(1)))


def mixed_compare(xs, limit):
    n = 0
    i = 0
    while i < limit:
        i += 1
        n += 1
    k = 0
    while k < len(xs):
        k += 1
    return n, k


print(mixed_compare([1, 2], 3.5), mixed_compare([], 2**70 - 2**70 + 2))


def swap_types(n):
    # the same local is an int, then a float, then a str: each instruction falls back
    out = []
    for v in (n, n + 0.5, str(n)):
        x = v
        try:
            x = x + 1
            x -= 1
            out.append(x)
        except TypeError as e:
            out.append("TypeError: " + str(e))
    return out


print(swap_types(3))


def unbound(flag):
    if flag:
        y = 1
    x = 2
    return x + y


try:
    unbound(False)
except UnboundLocalError as e:
    print("UnboundLocalError:", e)
