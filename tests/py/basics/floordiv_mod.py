# Floor division and modulo with negative operands (Python semantics).
pairs = [(7, 2), (-7, 2), (7, -2), (-7, -2), (0, 3), (0, -3), (1, 5), (-1, 5), (6, 3), (-6, 3)]
for a, b in pairs:
    print(f"{a} // {b} = {a // b}", f"{a} % {b} = {a % b}", f"divmod = {divmod(a, b)}")
print()
fpairs = [(7.5, 2), (-7.5, 2), (7.5, -2), (-7.5, -2.0), (5.0, 0.5), (-0.5, 1)]
for a, b in fpairs:
    print(a, b, a // b, a % b, divmod(a, b))
print()
print(-13 // 4, -13 % 4, 13 // -4, 13 % -4)
print(-1 % 10, -11 % 10, -10 % 10)
print(-(2 ** 70) // 3, -(2 ** 70) % 3)
print((2 ** 70) // -3, (2 ** 70) % -3)
print(-(3 ** 90) // (2 ** 60), -(3 ** 90) % (2 ** 60))
for a in range(-5, 6):
    print(a, a // 3, a % 3, a // -3, a % -3)
print(7 % 3.0, -7 % 3.0, 7.0 // 3, -7.0 // 3)
print(-0.0 % 5, 0.0 % -5)
