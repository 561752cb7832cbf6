# Loops over ints, which gilsim runs on i64 slots (`vm::int_loop`), and everything that makes
# such a loop stop and hand over to the dispatch loop: overflow into big ints, a float, a
# division by zero, a call, a jump out of the loop, the range running out, a global rebound.

counter = 0
total = 0


def mixed(n):
    x, s = 0, 0
    while x < n:
        x += 1
        s = s + x % 7 - x // 3 + (x & 5) - (x | 2) + (x ^ 9) - -x + ~x * 2
    return x, s


print(mixed(1000), mixed(0), mixed(1))


def negatives(n):
    acc = 0
    for i in range(-n, n, 3):
        acc += i % -7 + i // -4 + (-i) % 5 - i // 6
    return acc


print(negatives(500))


def overflow(n):
    # doubles past 2**63 inside the loop: the rest runs on big ints
    v = 1
    for _ in range(n):
        v = v * 2 + 1
    return v


print(overflow(70), overflow(10))


def turns_float(n):
    # `/` has no int path: the local becomes a float, and the loop stops reading it
    x = 1000
    steps = 0
    while x > 1:
        x = x / 2
        steps += 1
    return x, steps


print(turns_float(0))


def zero_division(n):
    k = 0
    for i in range(n):
        k += 100 // (5 - i)
    return k


try:
    zero_division(10)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)


def breaks(n):
    found = -1
    for i in range(n):
        if i * i > 2000:
            found = i
            break
        if i % 2:
            continue
    else:
        found = -2
    return found


print(breaks(100), breaks(10))


def nested(n):
    s = 0
    i = 0
    while i < n:
        j = 0
        while j < i:
            s += i * j
            j += 1
        i += 1
    return s


print(nested(60))


def short_circuit(n):
    hits = 0
    for i in range(n):
        a = i % 3 and i % 5
        b = i % 4 or 7
        if a and b > 2:
            hits += a + b
    return hits


print(short_circuit(300))


def calls_sometimes(n):
    out = []
    t = 0
    for i in range(n):
        t += i
        if i % 250 == 0:
            out.append(t)
    return out, t


print(calls_sometimes(1000))


def step_range(a, b, c):
    s = 0
    for i in range(a, b, c):
        s += i
    last = i
    return s, last


print(step_range(10, -10, -3), step_range(0, 100, 7))


def add_global(n):
    global counter
    for _ in range(n):
        counter += 1


add_global(5000)
print(counter)

for i in range(1000):
    total += i * i
print(total, i)

j = 0
while j < 100:
    j += 3
    total -= j
print(total, j)


def unbound_then_bound(n):
    for i in range(n):
        if i > 5:
            print("late", late)
            break
        late = i * 2


unbound_then_bound(10)


def bools_in_the_loop(n):
    # True is not an int slot: the loop stops at it and the dispatch loop adds it
    s = 0
    flag = True
    for i in range(n):
        s += flag
        s += i
    return s


print(bools_in_the_loop(100))


def over_sequences(xs, ts):
    # a list and a tuple of ints; a float, a bool and a big int among them hand the step over
    total = 0
    for x in xs:
        total += x * x - x
    for t in ts:
        total = total ^ t
    return total


print(over_sequences(list(range(3000)), tuple(range(0, 9000, 7))))
print(over_sequences([1, 2, 3, 4, 5, True, 6, 2**70, 7, 8], (1, 2, 3)))


def with_a_float(xs):
    total = 0
    for x in xs:
        total += x * 3
    return total


print(with_a_float([1, 2, 3, 2.5, 4, 5] * 50))


def appends_as_it_goes(n):
    # the body extends the list every third round: the loop stops there, and goes on over
    # the new items
    xs = [1, 2, 3]
    s = 0
    for x in xs:
        s += x
        if x % 3 == 0 and len(xs) < n:
            xs.extend((x + 1, x + 2, x + 3))
    return s, len(xs)


print(appends_as_it_goes(400))


def indexing(data, pairs):
    # items of a list and a tuple by index, negative ones too; a float item and an index past
    # the end hand over to the dispatch loop (the second raising IndexError)
    total = 0
    for i in range(len(data)):
        total += data[i] * data[-1 - i]
    n = len(pairs)
    j = 0
    while j < 2 * n:
        total += pairs[j % n] - pairs[-(j % n) - 1]
        j += 1
    return total


print(indexing(list(range(500)), (3, 1, 4, 1, 5, 9, 2, 6)))
print(indexing([1, 2, 2.5, 3] * 10, (1,)))
try:
    print(indexing([1, 2, 3], ()))
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)


def past_the_end(xs):
    s = 0
    i = 0
    while True:
        s += xs[i]
        i += 1


try:
    past_the_end(list(range(100)))
except IndexError as e:
    print("IndexError:", e)


def swapping_lists(a, b):
    # the list a local holds changes between rounds of the outer loop
    s = 0
    for _ in range(4):
        for i in range(len(a)):
            s += a[i]
        a, b = b, a
    return s


print(swapping_lists(list(range(50)), list(range(100, 130))))


def break_walrus_and_a_builtin(n, lo, hi):
    # a `for` with a `break` (which pops the iterator), a walrus (a `Dup`), a chained
    # comparison (bools: the dispatch loop's), and a builtin called now and then
    c = 0
    for i in range(n):
        if lo < i % 10 < hi:
            c += 1
        if (k := i % 3) == 1:
            c += k
        if i % 250 == 0:
            print("at", i, c)
        if i > 1000:
            break
    return c, i, k


print(break_walrus_and_a_builtin(5000, 2, 7))
print(break_walrus_and_a_builtin(10, 2, 7))
