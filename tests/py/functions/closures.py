# closures, nonlocal and global.
def make_counter(start=0):
    count = start
    def inc(step=1):
        nonlocal count
        count += step
        return count
    def get():
        return count
    return inc, get
inc, get = make_counter(5)
print(inc(), inc(), inc(10), get())
inc2, get2 = make_counter()
print(inc2(), get(), get2())
total = 0
def add_global(n):
    global total
    total += n
    return total
print(add_global(5), add_global(7), total)
def define_global():
    global created_later
    created_later = "made inside function"
define_global()
print(created_later)
def outer():
    x = "outer"
    def middle():
        x = "middle"
        def inner():
            nonlocal x
            x = "changed by inner"
        inner()
        return x
    res = middle()
    return x, res
print(outer())
def accumulator():
    items = []
    def add(x):
        items.append(x)
        return list(items)
    return add
acc = accumulator()
acc(1)
acc(2)
print(acc(3))
fns = []
for i in range(3):
    def f():
        return i
    fns.append(f)
print([f() for f in fns])
def make_fns():
    out = []
    for i in range(3):
        def f(i=i):
            return i * 10
        out.append(f)
    return out
print([f() for f in make_fns()])
x = "global x"
def reads_global():
    return x
def shadows():
    x = "local x"
    return x
print(reads_global(), shadows(), x)
def unbound():
    try:
        print(y)
    except UnboundLocalError as e:
        print("UnboundLocalError:", e)
    y = 1
    return y
print(unbound())
def fib_memo():
    memo = {0: 0, 1: 1}
    def fib(n):
        if n not in memo:
            memo[n] = fib(n - 1) + fib(n - 2)
        return memo[n]
    return fib
print(fib_memo()(90))
def counter_gen():
    n = 0
    def nxt():
        nonlocal n
        n += 1
        return n
    return nxt
a = counter_gen()
b = counter_gen()
print(a(), a(), b(), a(), b())
def cell_after():
    def show():
        return value
    value = 42
    return show()
print(cell_after())
