# Dict insert / lookup / update with int and str keys.
def run(n):
    ints = {}
    for i in range(n):
        ints[i * 31 % 100003] = i
    strs = {}
    for i in range(n // 4):
        strs["key" + str(i)] = i
    hits = 0
    total = 0
    for i in range(n):
        k = i * 17 % 100003
        if k in ints:
            hits += 1
            total += ints[k]
    for i in range(n // 4):
        total += strs.get("key" + str(i * 3), -1)
    for i in range(0, n, 2):
        ints[i % 100003] = ints.get(i % 100003, 0) + 1
    counts = {}
    for i in range(n):
        w = "w" + str(i % 97)
        counts[w] = counts.get(w, 0) + 1
    merged = dict(strs)
    merged.update({"extra" + str(i): i for i in range(1000)})
    return hits + total % 1000003 + len(ints) + len(counts) + len(merged) + counts["w5"]

print("checksum", run(1_400_000))
