# list / set / dict comprehensions and generator expressions, nested.
print([x * x for x in range(10)])
print([x for x in range(20) if x % 3 == 0 if x % 2 == 0])
print([(x, y) for x in range(3) for y in range(x)])
print([[x * y for y in range(1, 4)] for x in range(1, 4)])
print({x % 5 for x in range(12)})
print({x: x ** 2 for x in range(6)})
print({k: v for k, v in zip("abc", [1, 2, 3]) if v != 2})
print(sum(x for x in range(101)), max(len(w) for w in ["a", "abc", "ab"]))
print(list(x + 1 for x in [1, 2, 3]), tuple(c.upper() for c in "abc"))
matrix = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
print([row[i] for row in matrix for i in range(len(row)) if i == 1])
print([[row[i] for row in matrix] for i in range(3)])
print([v for row in matrix for v in row])
print(["even" if x % 2 == 0 else "odd" for x in range(5)])
x = "outer"
print([x for x in "abc"], x)
funcs = [lambda n, i=i: n + i for i in range(3)]
print([f(10) for f in funcs])
late = [lambda: i for i in range(3)]
print([f() for f in late])
words = ["apple", "bob", "kayak", "level", "python"]
print({w: w == w[::-1] for w in words})
print({len(w) for w in words})
pairs = [(a, b, c) for a in range(1, 20) for b in range(a, 20) for c in range(b, 20) if a * a + b * b == c * c]
print(pairs)
print([[(i, j) for j in range(i)] for i in range(4)])
print(dict((i, str(i)) for i in range(3)))
print([y for y in (x * 2 for x in range(5)) if y > 2])
print(sorted({c for c in "hello world" if c.isalpha()}))
g = (n * n for n in range(4))
print(next(g), list(g), list(g))
class K:
    base = 10
    vals = [i for i in range(3)]
print(K.vals)
print([i for i in range(3) for i in range(i, i + 2)])
print(any(x > 8 for x in range(10)), all(x < 8 for x in range(10)))
