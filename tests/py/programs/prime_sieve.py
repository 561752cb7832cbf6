# Prime sieve and number theory helpers.
def sieve(limit):
    is_prime = [True] * (limit + 1)
    is_prime[0] = is_prime[1] = False
    p = 2
    while p * p <= limit:
        if is_prime[p]:
            for multiple in range(p * p, limit + 1, p):
                is_prime[multiple] = False
        p += 1
    return [i for i, flag in enumerate(is_prime) if flag]

def factorize(n):
    factors = {}
    d = 2
    while d * d <= n:
        while n % d == 0:
            factors[d] = factors.get(d, 0) + 1
            n //= d
        d += 1 if d == 2 else 2
    if n > 1:
        factors[n] = factors.get(n, 0) + 1
    return factors

def fmt_factors(f):
    return " * ".join(f"{p}^{e}" if e > 1 else str(p) for p, e in f.items())

primes = sieve(10000)
print("count below 10000:", len(primes))
print("first 20:", primes[:20])
print("last 5:", primes[-5:])
print("sum:", sum(primes))
twins = [(p, q) for p, q in zip(primes, primes[1:]) if q - p == 2]
print("twin pairs:", len(twins), twins[:6], twins[-1])
gaps = {}
for p, q in zip(primes, primes[1:]):
    gaps[q - p] = gaps.get(q - p, 0) + 1
print("gap histogram:", sorted(gaps.items()))
for n in [360, 97, 1001, 2 ** 10 * 3 ** 5, 600851475143, 1234567890]:
    print(n, "=", fmt_factors(factorize(n)))
prime_set = set(primes)
def goldbach(n):
    for p in primes:
        if n - p in prime_set:
            return p, n - p
for n in range(4, 41, 6):
    print(n, "=", "%d + %d" % goldbach(n))
print("mersenne:", [p for p in primes[:12] if all((2 ** p - 1) % q for q in primes if q * q <= 2 ** p - 1)])
