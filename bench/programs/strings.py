# String building with join, f-strings, concatenation and methods.
def run(n):
    parts = []
    for i in range(n):
        parts.append(f"item-{i}:{i * i % 1000:04d}")
    joined = ",".join(parts)
    total = len(joined)
    s = ""
    for i in range(n // 4):
        s = s + str(i % 10)
    total += len(s) + s.count("7")
    words = joined.split(",")
    total += sum(len(w) for w in words)
    upper = 0
    for w in words[: n // 2]:
        if w.upper().startswith("ITEM-1"):
            upper += 1
        total += w.find(":")
    lines = []
    for i in range(n // 2):
        lines.append("%d|%s|%.2f" % (i, "x" * (i % 5), i / 3))
    total += len("\n".join(lines).replace("|", "::"))
    return total + upper

print("checksum", run(900_000))
