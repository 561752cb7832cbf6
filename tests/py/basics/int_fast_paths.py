# The int fast paths of `+`/`-` with an int constant and of compare-and-jump on locals and
# int constants, and every way out of them: other types in the same local, overflow past
# 64 bits, unbound locals, and `in` on ints (a TypeError, not False).


def count(n):
    steps = 0
    while n > 0:
        n -= 1
        steps += 1
    return steps, n


print(count(5), count(0), count(-3))
print(count(2.5))  # a float local goes through the same instructions
print(count(True))


def grow(x):
    x = x + 1
    x += 9223372036854775806  # past i64: a big int
    y = x - 1
    return x, y, type(x).__name__


print(grow(0), grow(1), grow(-9223372036854775808))
print(grow(1.5))


def sub_big(x):
    x -= 2147483647
    x = x - -2147483647
    return x - 2147483648


print(sub_big(10), sub_big(-9223372036854775807))


def mixed(a, b):
    out = []
    for op in range(6):
        if op == 0 and a < b:
            out.append("lt")
        if op == 1 and a <= b:
            out.append("le")
        if op == 2 and a == b:
            out.append("eq")
        if op == 3 and a != b:
            out.append("ne")
        if op == 4 and a > b:
            out.append("gt")
        if op == 5 and a >= b:
            out.append("ge")
    return out


print(mixed(1, 2), mixed(2, 2), mixed(3, 2))
print(mixed(1.5, 2), mixed(2, 2.0), mixed("b", "a"))
print(mixed(10**30, 10**30 + 1), mixed(-(10**30), 5))
print(mixed(True, 1), mixed([1], [1, 0]))


def against_const(x):
    hits = 0
    if x < 3:
        hits += 1
    if x == 3:
        hits += 10
    if x >= -2147483648:
        hits += 100
    if x != 7:
        hits += 1000
    return hits


print([against_const(v) for v in (2, 3, 7, -(2**31), -(2**31) - 1, 3.0, 2**70)])


def strings(s):
    s = s + "x"
    s += "y"
    return s


print(strings("a"))

try:
    mixed("a", 1)
except TypeError as e:
    print("TypeError:", e)

try:
    against_const(None)
except TypeError as e:
    print("TypeError:", e)

try:
    count("3")
except TypeError as e:
    print("TypeError:", e)


def unbound(flag):
    if flag:
        n = 1
    while n > 0:
        n -= 1
    return n


print(unbound(True))
try:
    unbound(False)
except UnboundLocalError as e:
    print("UnboundLocalError:", e)


def unbound_pair(flag):
    if flag:
        m = 2
    k = 1
    return k < m


try:
    unbound_pair(False)
except UnboundLocalError as e:
    print("UnboundLocalError:", e)


def membership(x):
    if x in 2:
        return "in"
    return "not in"


try:
    membership(1)
except TypeError as e:
    print("TypeError:", e)


def not_membership(x):
    y = 5
    if x not in y:
        return "not in"
    return "in"


try:
    not_membership(1)
except TypeError as e:
    print("TypeError:", e)
