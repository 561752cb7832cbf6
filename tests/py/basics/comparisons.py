# Chained comparisons, identity and membership.
x = 5
print(1 < x < 10, 1 < x > 10, 0 <= x <= 5, 5 == x == 5.0, 1 < 2 < 3 < 4 < 5, 1 < 3 < 2)
print(3 > 2 > 1 > 0 > -1, 3 > 2 > 2)
calls = []
def v(n):
    calls.append(n)
    return n
print(v(1) < v(2) < v(0) < v(5))
print(calls)
calls.clear()
print(v(3) < v(2) < v(5))
print(calls)
print(1 == 1.0, 1 != 2, "a" < "b", "abc" < "abd", "Z" < "a", "" < "a", "ab" < "abc")
print([1, 2] < [1, 3], [1, 2] < [1, 2, 0], (1, 2) == (1, 2), (2,) > (1, 9, 9))
print([1, [2, 3]] == [1, [2, 3]], [1, 2] != [1, 2])
a = [1, 2]
b = a
c = [1, 2]
print(a is b, a is c, a == c, a is not c, b is not a)
print(None is None, () == (), [] == [])
print(3 in [1, 2, 3], 4 not in [1, 2, 3], "ell" in "hello", "z" in "hello", "" in "abc")
print(2 in (1, 2), "k" in {"k": 1}, 1 in {"k": 1}, 5 in {5, 6}, 3 in range(10), 10 in range(10))
print(5 in range(0, 10, 2), 4 in range(0, 10, 2), -3 in range(-5, 0))
print(not 1 == 2, not (1 < 2 < 3))
print(1 < 2 == 2, (1 < 2) == True, 1 == 1 in [1])
print(0 < 0.5 < 1, -1 < -0.0 <= 0)
print("a" * 3 == "aaa", [0] * 3 == [0, 0, 0])
s = "banana"
print("nan" in s, s.count("an"), "ana" not in s)
print(max(1, 2) == 2 != 3)
print(10 > 5 >= 5 > 4)
print({1: 2} == {1: 2}, {1: 2} == {1: 3}, {1, 2} == {2, 1}, {1, 2} < {1, 2, 3}, {1, 2} <= {1, 2})
print(float("nan") in [float("nan")])
n = float("nan")
print(n in [n], n == n)
