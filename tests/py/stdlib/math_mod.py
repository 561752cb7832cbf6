import math
print(math.pi, math.e, math.tau, math.inf, -math.inf, math.isnan(math.nan))
print(math.sqrt(16), math.sqrt(2), math.isqrt(17), math.isqrt(10 ** 40))
print(math.floor(2.7), math.floor(-2.7), math.ceil(2.1), math.ceil(-2.1), math.trunc(-2.7), math.trunc(2.7))
print(type(math.floor(2.5)).__name__, type(math.ceil(2.5)).__name__, math.floor(5), math.floor(1e20))
print(math.gcd(12, 18), math.gcd(0, 5), math.gcd(-4, 6), math.lcm(4, 6), math.gcd(2 ** 100, 6 ** 50))
print(math.factorial(0), math.factorial(10), math.factorial(30))
print(math.comb(10, 3), math.perm(5, 2), math.comb(50, 25))
print(math.pow(2, 10), math.exp(0), math.exp(1), math.log(math.e), math.log(8, 2), math.log10(1000), math.log2(1024))
print(math.sin(0), math.cos(0), round(math.sin(math.pi / 2), 12), round(math.cos(math.pi), 12), math.atan2(1, 1))
print(math.hypot(3, 4), math.degrees(math.pi), math.radians(180))
print(math.fabs(-3), math.copysign(2, -0.0), math.fmod(7, -3), -7 % 3)
print(math.isclose(0.1 + 0.2, 0.3), math.isinf(1e308 * 10), math.isfinite(1.0), math.isfinite(math.inf))
print(math.fsum([0.1] * 10), sum([0.1] * 10), math.prod([1, 2, 3, 4]), math.prod([]))
print(math.modf(3.75), math.frexp(8.0), math.ldexp(0.5, 4))
print(math.floor(7 / 2), math.ceil(7 / 2), round(7 / 2))
try:
    math.sqrt(-1)
except ValueError as e:
    print("ValueError:", e)
try:
    math.log(0)
except ValueError as e:
    print("ValueError:", e)
def is_prime(n):
    if n < 2:
        return False
    for d in range(2, math.isqrt(n) + 1):
        if n % d == 0:
            return False
    return True
print([n for n in range(60) if is_prime(n)])
print(f"{math.pi:.10f}", f"{math.e:.3e}", round(math.pi, 4))
from math import sqrt, pi as PI
print(sqrt(81), PI == math.pi)
