# Bitwise operators on ints, including negatives and big ints.
a, b = 0b1100, 0b1010
print(a & b, a | b, a ^ b, ~a, a << 2, a >> 2)
print(bin(a & b), bin(a | b), bin(a ^ b), bin(~a))
print(-1 & 0xFF, -1 | 0, -8 >> 1, -1 >> 10, -9 >> 2, 1 << 0)
print(-5 & 3, -5 | 3, -5 ^ 3, ~-5, ~0)
print((1 << 70) | 1, (1 << 70) & ((1 << 70) - 1), (1 << 70) ^ (1 << 69))
print(~(1 << 65), -(1 << 65) >> 3, (2 ** 100 - 1) & 0xFFFF)
print((-(2 ** 80)) & 0xFFFFFFFF, (-(2 ** 80) - 1) & 0xFFFFFFFFFFFFFFFFFFFFFFFF)
x = 0
for i in range(0, 16, 3):
    x |= 1 << i
print(x, bin(x), hex(x))
x &= ~(1 << 3)
print(x, bin(x))
x ^= 0xFFFF
print(x, bin(x))
x <<= 3
x >>= 1
print(x)
def popcount(n):
    c = 0
    while n:
        n &= n - 1
        c += 1
    return c
print([popcount(i) for i in range(17)])
print(popcount(2 ** 100 - 1), popcount(12345678901234567890))
print(True & 3, 6 & True, 5 ^ False)
print(0xFF >> 4 << 4, 1 << 3 + 1, 1 + 2 << 3, 6 & 3 | 8, 6 | 3 & 8)
