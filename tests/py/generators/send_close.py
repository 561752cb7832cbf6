# send() into generators, close() and throw().
def echo():
    received = []
    while True:
        x = yield len(received)
        if x == "stop":
            return received
        received.append(x)
e = echo()
print(next(e))
print(e.send("a"))
print(e.send("b"))
try:
    e.send("stop")
except StopIteration as s:
    print("stopped with", s.value)
def running_avg():
    total = 0.0
    n = 0
    avg = None
    while True:
        v = yield avg
        total += v
        n += 1
        avg = total / n
ra = running_avg()
next(ra)
for v in [10, 20, 30, 5]:
    print("avg", ra.send(v))
def closable():
    try:
        yield 1
        yield 2
    finally:
        print("  closing generator")
c = closable()
print(next(c))
c.close()
print("closed")
try:
    next(c)
except StopIteration:
    print("closed generator is exhausted")
def catcher():
    while True:
        try:
            yield "ready"
        except ValueError as err:
            print("  generator caught", err)
ct = catcher()
print(next(ct))
print(ct.throw(ValueError("injected")))
try:
    g = (x for x in [1])
    g.send(5)
except TypeError as err:
    print("TypeError:", err)
