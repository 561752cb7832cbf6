# unpacking, star targets and unpacking errors.
a, b = 1, 2
print(a, b)
(a, b), c = (3, 4), 5
print(a, b, c)
first, *rest = [1, 2, 3, 4]
print(first, rest)
*init, last = "hello"
print(init, last)
head, *mid, tail = range(6)
print(head, mid, tail)
x, *y = [1]
print(x, y)
p, q, *r, s = 1, 2, 3
print(p, q, r, s)
for i, (name, score) in enumerate([("a", 1), ("b", 2)]):
    print(i, name, score)
for k, v in {"one": 1, "two": 2}.items():
    print(k, v)
def f():
    return 1, 2, 3
one, two, three = f()
print(one + two + three)
try:
    a, b = [1, 2, 3]
except ValueError as e:
    print("ValueError:", e)
try:
    a, b, c = [1, 2]
except ValueError as e:
    print("ValueError:", e)
try:
    a, b = 1
except TypeError as e:
    print("TypeError:", e)
try:
    a, *b, c = [1]
except ValueError as e:
    print("ValueError:", e)
try:
    x, y = "abc"
except ValueError as e:
    print("ValueError:", e)
l1 = [1, 2]
l2 = [3]
print([*l1, *l2, 4], (*l1,), {*l1, 5}, [*"ab", *range(2)])
d1 = {"a": 1}
d2 = {"b": 2, "a": 0}
print({**d1, **d2}, {**d2, "c": 3, **d1})
print(*[1, 2, 3])
print(*"abc", sep="-")
def g(a, b, c):
    return a * 100 + b * 10 + c
print(g(*[1, 2, 3]), g(1, *(2, 3)), g(**{"c": 3, "a": 1, "b": 2}), g(1, **{"c": 3, "b": 2}))
m = [[1, 2], [3, 4]]
for (u, v) in m:
    print(u * v, end=" ")
print()
[aa, bb] = "xy"
print(aa, bb)
n = [0, 0, 0]
n[0], n[2] = 7, 9
print(n)
i = 0
lst = [10, 20]
i, lst[i] = 1, 99
print(i, lst)
t = 1, 2, (3, (4, 5))
_, _, (three, (four, five)) = t
print(three, four, five)
