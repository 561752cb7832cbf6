# Stores to a global from a function go where the name was last found while the module's
# keys stay the same; adding or deleting globals in between must still land every store in
# the right place.
counter = 0


def bump(n):
    global counter
    for _ in range(n):
        counter += 1


bump(3)
print(counter)
del counter
try:
    bump(1)
except NameError as e:
    print("NameError:", e)
counter = 10
bump(2)
print(counter)


def setter(name_index, v):
    global a, b, c
    if name_index == 0:
        a = v
    elif name_index == 1:
        b = v
    else:
        c = v


for i in range(6):
    setter(i % 3, i)  # the first stores create a, b, c: new keys each time
print(a, b, c)
del b
setter(0, "a again")
setter(1, "b again")
print(a, b, c)


class Noisy:
    def __init__(self, n):
        self.n = n

    def __del__(self):
        print("del", self.n)


obj = Noisy(1)


def replace(n):
    global obj
    obj = Noisy(n)
    print("replaced by", n)


replace(2)
replace(3)
print("obj is", obj.n)


def module_level_loop():
    global total
    total = 0
    for i in range(100):
        total = total + i


module_level_loop()
print(total)
for j in range(3):
    total += j  # a module-level store: StoreName, not StoreGlobal
print(total)
