# if/elif/else, while/for with else, break/continue, pass, nested loops, match-free dispatch.
def grade(score):
    if score >= 90:
        return "A"
    elif score >= 80:
        return "B"
    elif score >= 70:
        return "C"
    else:
        return "F"
print([grade(s) for s in (95, 85, 75, 10, 90, 89.99)])
for n in range(2, 20):
    for d in range(2, n):
        if n % d == 0:
            print(n, "=", d, "*", n // d)
            break
    else:
        print(n, "is prime")
i = 0
while i < 3:
    i += 1
else:
    print("while finished normally, i =", i)
while True:
    i -= 1
    if i == 1:
        break
else:
    print("not printed")
print("after break i =", i)
for c in "abcdef":
    if c in "bd":
        continue
    if c == "f":
        break
    print("char", c)
for x in []:
    print("never")
else:
    print("empty loop else")
if 0:
    pass
elif []:
    pass
else:
    pass
print("pass ok")
found = None
for row in range(5):
    for col in range(5):
        if row * col == 6:
            found = (row, col)
            break
    if found:
        break
print("found", found)
n = 27
steps = 0
while n != 1:
    n = n // 2 if n % 2 == 0 else 3 * n + 1
    steps += 1
print("collatz steps", steps)
count = 0
for a in range(10):
    if a % 2:
        continue
    for b in range(a):
        if b > 3:
            break
        count += 1
print("count", count)
x = 7
if x > 5:
    if x > 6:
        print("x > 6")
    else:
        print("5 < x <= 6")
msg = "big" if x > 100 else ("medium" if x > 5 else "small")
print(msg)
total = 0
for i in range(1, 6):
    total += i
    if total > 8:
        print("stopping at", i, "total", total)
        break
k = 10
while k:
    k -= 3
    if k < 0:
        print("k went negative:", k)
        break
for i, ch in enumerate("xyz"):
    pass
print(i, ch)
for i in range(3):
    pass
print("loop var after loop", i)
