# Fixed-precision float formatting against CPython over many values:
# dyadic values (exact halves at many precisions), decimal fractions,
# large and tiny magnitudes, both signs.
seed = 12345
def rnd():
    global seed
    seed = (seed * 6364136223846793005 + 1442695040888963407) % 2**64
    return seed >> 11
values = []
for j in range(0, 90, 3):
    for _ in range(6):
        k = rnd() % (2 ** (rnd() % 54))
        values.append(k / 2 ** j)
        values.append(-(k + 1) / 2 ** j)
for j in range(0, 25):
    for _ in range(4):
        values.append((rnd() % 10**7) / 10**j)
for e in range(-30, 40, 4):
    values.append(1.2345678901234567 * 10.0 ** e)
    values.append(-5.000000000000001 * 10.0 ** e)
for p in [0, 1, 2, 3, 5, 8, 12, 17, 20, 22, 23]:
    out = []
    for x in values:
        out.append("%.*f" % (p, x))
    print(p, " ".join(out))
    print(p, " ".join(format(x, ".%df" % p) for x in values[::7]))
    print(p, " ".join(f"{x:+.{p}f}|{x:#.{p}F}" for x in values[::11]))
