# Matrix operations on nested lists: multiply, transpose, power, determinant, pretty printing.
def make(rows, cols, f):
    return [[f(r, c) for c in range(cols)] for r in range(rows)]

def transpose(m):
    return [list(col) for col in zip(*m)]

def matmul(a, b):
    if len(a[0]) != len(b):
        raise ValueError(f"shape mismatch: {len(a)}x{len(a[0])} * {len(b)}x{len(b[0])}")
    bt = transpose(b)
    return [[sum(x * y for x, y in zip(row, col)) for col in bt] for row in a]

def identity(n):
    return make(n, n, lambda r, c: 1 if r == c else 0)

def matpow(m, k):
    result = identity(len(m))
    while k:
        if k & 1:
            result = matmul(result, m)
        m = matmul(m, m)
        k >>= 1
    return result

def det(m):
    n = len(m)
    if n == 1:
        return m[0][0]
    if n == 2:
        return m[0][0] * m[1][1] - m[0][1] * m[1][0]
    total = 0
    for c in range(n):
        minor = [row[:c] + row[c + 1:] for row in m[1:]]
        total += (-1) ** c * m[0][c] * det(minor)
    return total

def show(name, m):
    width = max(len(str(v)) for row in m for v in row)
    print(f"{name} ({len(m)}x{len(m[0])}):")
    for row in m:
        print("  [" + " ".join(str(v).rjust(width) for v in row) + "]")

a = make(2, 3, lambda r, c: r * 3 + c + 1)
b = make(3, 2, lambda r, c: (r + 1) * (c + 2))
show("A", a)
show("B", b)
show("A*B", matmul(a, b))
show("B*A", matmul(b, a))
show("A^T", transpose(a))
try:
    matmul(a, a)
except ValueError as e:
    print("ValueError:", e)
fib = [[1, 1], [1, 0]]
show("fib^10", matpow(fib, 10))
print("fib(90) =", matpow(fib, 90)[0][1])
m3 = [[2, -3, 1], [2, 0, -1], [1, 4, 5]]
print("det(m3) =", det(m3))
m4 = make(4, 4, lambda r, c: (r + 1) ** c)
show("vandermonde", m4)
print("det(vandermonde) =", det(m4))
fm = [[0.5, 1.5], [2.25, -1.0]]
show("float", matmul(fm, fm))
print("trace:", sum(matpow(m3, 3)[i][i] for i in range(3)))
