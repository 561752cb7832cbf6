# A generator pipeline processing log records.
LOG = """\
2024-01-01 10:00:01 INFO  user=alice action=login ms=120
2024-01-01 10:00:05 WARN  user=bob action=login ms=900
2024-01-01 10:01:10 INFO  user=alice action=view ms=45
2024-01-01 10:02:00 ERROR user=carol action=pay ms=3000
# comment line
2024-01-01 10:02:30 INFO  user=bob action=view ms=60

2024-01-01 10:03:00 INFO  user=carol action=login ms=150
2024-01-01 10:04:00 ERROR user=alice action=pay ms=2500
2024-01-01 10:05:00 INFO  user=bob action=logout ms=10
"""

def read_lines(text):
    for line in text.splitlines():
        yield line

def skip_noise(lines):
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        yield line

def parse(lines):
    for line in lines:
        date, time, level, *fields = line.split()
        rec = {"time": time, "level": level}
        for f in fields:
            k, v = f.split("=")
            rec[k] = int(v) if v.isdigit() else v
        yield rec

def where(records, **conds):
    for r in records:
        if all(r.get(k) == v for k, v in conds.items()):
            yield r

def pluck(records, key):
    for r in records:
        yield r[key]

def window(it, size):
    buf = []
    for x in it:
        buf.append(x)
        if len(buf) == size:
            yield tuple(buf)
            buf.pop(0)

def running_total(nums):
    total = 0
    for n in nums:
        total += n
        yield total

def records():
    return parse(skip_noise(read_lines(LOG)))

print("all:", sum(1 for _ in records()))
for r in where(records(), level="ERROR"):
    print("error:", r["user"], r["action"], r["ms"])
print("alice actions:", list(pluck(where(records(), user="alice"), "action")))
print("ms running total:", list(running_total(pluck(records(), "ms"))))
print("windows:", list(window(pluck(records(), "ms"), 3))[:3])
by_user = {}
for r in records():
    by_user.setdefault(r["user"], []).append(r["ms"])
for user, times in by_user.items():
    print(f"{user:<6} n={len(times)} avg={sum(times) / len(times):8.2f} max={max(times)}")
slow = (r for r in records() if r["ms"] > 100)
first_two = [next(slow)["user"], next(slow)["user"]]
print("first two slow:", first_two, "remaining:", len(list(slow)))
levels = {}
for lvl in pluck(records(), "level"):
    levels[lvl] = levels.get(lvl, 0) + 1
print("levels:", levels)
def chunked(it, n):
    chunk = []
    for x in it:
        chunk.append(x)
        if len(chunk) == n:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
for batch in chunked(pluck(records(), "user"), 3):
    print("batch:", batch)
