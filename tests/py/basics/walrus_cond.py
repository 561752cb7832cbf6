# Assignment expressions and conditional expressions.
data = [3, 8, 1, 9, 4, 12, 7]
if (n := len(data)) > 5:
    print(f"list is long ({n} elements)")
vals = []
i = 0
while (item := data[i]) != 9:
    vals.append(item)
    i += 1
print(vals, item, i)
print([y for x in data if (y := x * 2) > 10])
print([(x, sq) for x in range(6) if (sq := x * x) % 2 == 0])
total = 0
print([total := total + x for x in data])
print(total)
def classify(x):
    return "neg" if x < 0 else "zero" if x == 0 else "small" if x < 10 else "big"
print([classify(x) for x in (-3, 0, 4, 10, 99)])
a = 5
b = "odd" if a % 2 else "even"
print(b)
print((lambda z: "yes" if z else "no")(0))
print(1 if True else 1 / 0, 1 / 0 if False else 2)
x = 10
print(x if x > 5 else -x, -x if x > 50 else x * 2)
print((w := 4) * w, w)
m = {"a": 1, "b": 2}
if (v := m.get("c")) is None:
    print("no c", v)
if (v := m.get("b")) is not None:
    print("got b", v)
chunks = []
src = list(range(11))
while (chunk := src[:3]):
    chunks.append(chunk)
    src = src[3:]
print(chunks)
print(max(data) if data else None, max([]) if [] else None)
