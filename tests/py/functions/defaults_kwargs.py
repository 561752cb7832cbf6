# default arguments, keyword arguments, keyword-only and positional-only.
def greet(name, greeting="Hello", punct="!"):
    return f"{greeting}, {name}{punct}"
print(greet("Ann"))
print(greet("Ann", "Hi"))
print(greet("Ann", punct="?"))
print(greet(punct=".", name="Bo", greeting="Yo"))
def append_to(x, acc=[]):
    acc.append(x)
    return acc
print(append_to(1), append_to(2), append_to(3, []))
def safe_append(x, acc=None):
    if acc is None:
        acc = []
    acc.append(x)
    return acc
print(safe_append(1), safe_append(2))
counter = 10
def snapshot(v=counter):
    return v
counter = 20
print(snapshot(), snapshot(5))
def kwonly(a, *, scale=2, offset=0):
    return a * scale + offset
print(kwonly(3), kwonly(3, scale=10), kwonly(3, offset=1, scale=1))
try:
    kwonly(3, 4)
except TypeError as e:
    print("TypeError:", e)
def posonly(a, b, /, c=0):
    return a - b + c
print(posonly(5, 3), posonly(5, 3, c=10))
try:
    posonly(a=1, b=2)
except TypeError as e:
    print("TypeError raised for positional-only passed by keyword")
def required(a, b):
    return a + b
try:
    required(1)
except TypeError as e:
    print("TypeError:", e)
try:
    required(1, 2, 3)
except TypeError as e:
    print("TypeError:", e)
try:
    required(1, c=3)
except TypeError as e:
    print("TypeError:", e)
try:
    required(1, a=3)
except TypeError as e:
    print("TypeError:", e)
def kwonly_required(*, key):
    return key
try:
    kwonly_required()
except TypeError as e:
    print("TypeError:", e)
print(kwonly_required(key="k"))
def describe(a, b=2, *args, c, d=4, **kw):
    return (a, b, args, c, d, kw)
print(describe(1, c=3))
print(describe(1, 5, 6, 7, c=8, e=9, f=10))
print(greet.__name__, describe.__name__)
def no_return():
    x = 1
print(no_return())
def early(n):
    if n < 0:
        return "negative"
    return
print(early(-1), early(1))
