s = ""
t = s
for i in range(5):
    s = s + str(i)
    s += "x"
print(s, repr(t))
a = "ab"
b = a
a = a + "c"
print(a, b)
def f():
    s = "q"
    keep = [s]
    for i in range(3):
        s = s + "w"
        keep.append(s)
    return keep
print(f())
parts = {"k": "v"}
w = parts["k"]
for i in range(3):
    w = w + "!"
print(w, parts)
class Box:
    def __init__(self):
        self.s = "a"
b = Box()
x = b.s
x += "b"
print(x, b.s)
g = "start"
def grow():
    global g
    g = g + "+"
    g += "-"
grow()
print(g)
