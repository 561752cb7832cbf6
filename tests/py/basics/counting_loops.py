# Counting loops (`while n > 0: n -= 1` and its kin), which gilsim runs without a dispatch per
# iteration once the first iteration has gone round: every test shape, a bound held in another
# local or a constant on either side, loops that never run or run once, and counters or bounds
# that are not ints. (An increment that overflows i64 inside such a loop can only happen in a
# loop that never ends: the unit tests of src/vm/eval/spin.rs cover it.)


def countdown(n):
    while n > 0:
        n -= 1
    return n


def count_up_to(n):
    i = 0
    while i < n:
        i += 1
    return i


def count_by_7(start, stop):
    i = start
    while i <= stop:
        i += 7
    return i


def bound_on_the_left(n):
    i = 0
    while n > i:
        i += 3
    return i


def not_equal(n):
    i = 0
    while i != n:
        i += 2
    return i


def down_to(n, floor):
    while floor <= n:
        n -= 5
    return n


print(countdown(100_000), countdown(0), countdown(-5), countdown(1))
print(count_up_to(250_000), count_up_to(0), count_up_to(1), count_up_to(2))
print(count_by_7(0, 1000), count_by_7(-50, 50), count_by_7(10, 5), count_by_7(5, 5))
print(bound_on_the_left(100), bound_on_the_left(0), bound_on_the_left(1))
print(not_equal(1000), not_equal(2))
print(down_to(1000, 3), down_to(2, 3), down_to(-7, -20))

# near the ends of the i64 range, and past them (big ints: the loop is dispatched as usual)
big = 2**63 - 10
print(count_by_7(big - 100, big), count_by_7(big, big + 25), count_by_7(-big - 1, -big + 20))
print(down_to(-(2**63) + 12, -(2**63) + 1), down_to(2**63 - 1, 2**63 - 12))

# a float or a bool counter is not an int loop; a float bound is not an int bound
print(count_by_7(0.5, 10), count_by_7(True, 15), count_up_to(2.5), bound_on_the_left(9.5))


def same_local(n):
    while n < n + 1 and n < 10:
        n += 1
    return n


print(same_local(3))


# a loop whose test reads a global the loop cannot change (`while not done: n += 1`): a thread
# spins on it until another sets the global
import threading

done = False
running = 0
spins = []


def spin():
    n = 0
    while not done:
        n += 1
    spins.append(n > 0)


def spin_while_running():
    n = 0
    while running:
        n -= 1
    spins.append(n < 0)


def spin_on_none():
    n = 0
    while not stop_sign:
        n += 1
        if n == 3:
            break
    return n


stop_sign = None
t = threading.Thread(target=spin)
running = 1
u = threading.Thread(target=spin_while_running)
t.start()
u.start()
for _ in range(3):
    pass
import time

time.sleep(0.02)
done = True
running = 0
t.join()
u.join()
print(spins, spin_on_none())


# `for` over a range with a body of one int operator into a local: sums, counts, products
# that overflow into big ints part-way, a step of -3, empty ranges, a divide by zero inside
def sums(n):
    total = 0
    for k in range(n):
        total += k
    count = 0
    for _ in range(3, n, 3):
        count += 1
    down = 0
    for k in range(n, -n, -3):
        down -= k
    return total, count, down


def products(n):
    p = 1
    for k in range(1, n):
        p *= k
    return p


def others(n, m):
    x = 0
    for k in range(n):
        x = m - k
    y = 5
    for k in range(n):
        y = k * m
    z = 1
    for k in range(n):
        z ^= k
    return x, y, z


def divides(n):
    q = 1000
    for k in range(n, -1, -1):
        q %= k
    return q


print(sums(0), sums(1), sums(10), sums(100_000))
print(products(5), products(30), products(40) == products(39) * 39)
print(others(10, 7), others(0, 7), others(100_000, -3))
try:
    divides(5)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
acc = 0.5
for k in range(4):
    acc += k
print(acc)


# an increment just before a plain back-edge (the loop's test is not a quickened compare):
# ints, floats, strs, a big int crossing, and a `continue` that jumps to the back-edge itself
def plain_back_edges(items):
    out = []
    i = 0
    while True:
        if i >= 5:
            break
        out.append(i)
        i += 1
    f = 0.25
    while f < 2 and items:
        f += 0.5
    s = "a"
    while len(s) < 4:
        s += "b"
    big = 2**63 - 2
    while big < 2**63 + 1:
        big += 1
    n = 0
    for x in items:
        if x % 2:
            continue
        n += 1
    return out, f, s, big, n


print(plain_back_edges([1, 2, 3, 4]))


# range loops whose operator has no int fast path: dispatched as usual every iteration
def no_fast_path(n, two, one):
    p = 1
    for k in range(n):
        p = k**two
    s = 1
    for k in range(n):
        s = s << one
    q = 1
    for k in range(1, n):
        q = k / two
    return p, s, q


print(no_fast_path(10, 2, 1), no_fast_path(70, 2, 1)[1] == 2**70)
