# list methods and operators.
a = [3, 1, 4, 1, 5, 9, 2, 6]
a.append(5)
print(a, len(a))
a.extend([3, 5])
a.extend(range(2))
print(a)
a.insert(0, 100)
a.insert(-1, 200)
a.insert(1000, 300)
print(a)
print(a.pop(), a.pop(0), a.pop(-2), a)
a.remove(1)
print(a, a.count(5), a.count(42), a.index(5), a.index(5, 5))
try:
    a.remove(42)
except ValueError as e:
    print("ValueError:", e)
try:
    a.index(42)
except ValueError as e:
    print("ValueError:", e)
try:
    [].pop()
except IndexError as e:
    print("IndexError:", e)
try:
    a[99]
except IndexError as e:
    print("IndexError:", e)
a.reverse()
print(a)
b = a.copy()
b.clear()
print(a, b)
print([1, 2] + [3], [0] * 4, [[]] * 2, 2 * [1, 2])
nested = [[0] * 3 for _ in range(3)]
nested[1][1] = 5
print(nested)
alias = [[0] * 2] * 2
alias[0][0] = 9
print(alias)
c = [1, 2]
c += [3]
c *= 2
print(c)
d = c
d += [99]
print(c is d, c)
print(list(), list("hi"), list(range(3)), list((1, 2)), list({"x": 1, "y": 2}))
print(sum([1, 2, 3]), max([4, 8, 2]), min([4, 8, 2]), sorted([3, 1, 2]), [3, 1, 2])
stack = []
for i in range(5):
    stack.append(i * i)
while stack:
    print("pop", stack.pop(), end=" ")
print()
print([1, 2, 3] == [1, 2, 3], [1, 2] < [1, 2, 3], [2] > [1, 99])
m = [5, 3, 8]
m[1] = "x"
m[-1] = None
print(m)
print(len([[], [], []]), [[1, 2], [3]][0][1])
e = list(range(10))
print(e[2:8:2], e[::-1], e[-3:])
print([1, [2, [3, [4]]]])
print(repr([1, "a", 2.0, None, True, (1,), {}]))
r = []
r.append(r)
print(len(r), r[0] is r)
