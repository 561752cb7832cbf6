# LOAD_GLOBAL's cache remembers where a name was found; every way of changing what the name
# means must show through it: rebinding, deleting, shadowing a builtin and unshadowing it,
# adding and removing other globals (which moves no entry), and a global holding an object
# whose __del__ must run as soon as the global lets go.

counter = 0


def read():
    return counter


def use_len(x):
    return len(x)


print([read() for _ in range(2)])
for i in range(3):
    counter = i * 10
    print("rebound", read())

print("builtin", use_len("abc"))


def len(x):  # shadow the builtin with a global
    return -1


print("shadowed", use_len("abc"))
del len
print("unshadowed", use_len("abc"))

# other globals come and go (enough of them to grow the table, then to compact it, which
# moves entries); the cached names must still be found
g0 = 0
g1 = 1
g2 = 2
g3 = 3
g4 = 4
g5 = 5
g6 = 6
g7 = 7
g8 = 8
g9 = 9
g10 = 10
g11 = 11
g12 = 12
g13 = 13
g14 = 14
g15 = 15
g16 = 16
g17 = 17
g18 = 18
g19 = 19
g20 = 20
g21 = 21
g22 = 22
g23 = 23
g24 = 24
g25 = 25
g26 = 26
g27 = 27
g28 = 28
g29 = 29
print("after adds", read(), use_len("ab"), g29)
del g0
del g1
del g2
del g3
del g4
del g5
del g6
del g7
del g8
del g9
del g10
del g11
del g12
del g13
del g14
del g15
del g16
del g17
del g18
del g19
del g20
del g21
del g22
del g23
del g24
print("after deletes", read(), use_len("ab"), g29)

del counter
try:
    read()
except NameError as e:
    print("NameError:", e)
counter = 7
print("restored", read())


class Noisy:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name)


obj = Noisy("first")


def peek():
    return obj.name


print(peek(), peek())
obj = Noisy("second")  # "del first" must print here, not later
print("rebound obj")
print(peek())
del obj
print("end")
