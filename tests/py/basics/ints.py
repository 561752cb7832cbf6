# Integer arithmetic, including arbitrary precision.
a = 7
b = 3
print(a + b, a - b, a * b, a / b, a // b, a % b, a ** b)
print(-a + b, -a - b, -a * b, -a / b)
print(0, -0, +5, -(-5))
print(1_000_000, 0x1F, 0o17, 0b1011)
print(10 ** 20)
print(2 ** 64, 2 ** 64 - 1, -(2 ** 63))
print(2 ** 100)
print(3 ** 200)
big = 1
for i in range(1, 51):
    big *= i
print("50! =", big)
print(big // (10 ** 30), big % 1000003)
print(big + 1 - big)
x = 12345678901234567890
y = 98765432109876543210
print(x * y)
print(y // x, y % x)
print(x - y, -x * y)
print((x * y) // y == x)
print(int("123456789012345678901234567890") + 1)
print(int("-42"), int("  17  "), int("0"), int("+8"))
print(int(3.99), int(-3.99), int(True))
print(int("ff", 16), int("777", 8), int("1010", 2), int("z", 36))
print(abs(-2 ** 70), abs(2 ** 70))
print(7 == 7.0, 2 ** 53 + 1 == float(2 ** 53 + 1))
print(type(2 ** 100).__name__, type(5).__name__)
n = 1
for _ in range(10):
    n = n * 1000 + 7
print(n)
print(n.bit_length(), (255).bit_length(), (0).bit_length())
print(str(10 ** 50)[:10], len(str(10 ** 50)))
print(-(10 ** 30) // 7, -(10 ** 30) % 7)
print(10 ** 30 // -7, 10 ** 30 % -7)
print(1 << 100, (1 << 100) >> 99)
print(max(2 ** 80, 3 ** 50), min(-2 ** 80, -3 ** 50))
total = 0
for k in range(1, 101):
    total += k ** 10
print(total)
