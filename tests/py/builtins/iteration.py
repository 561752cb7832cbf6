# enumerate, zip, map, filter, iter, next.
fruits = ["apple", "banana", "cherry"]
print(list(enumerate(fruits)), list(enumerate(fruits, start=1)), list(enumerate("ab", 10)))
for i, f in enumerate(fruits, 1):
    print(f"{i}. {f}")
print(list(zip([1, 2, 3], "abc")), list(zip([1, 2], "abcd", (True, False, None))), list(zip()), list(zip([1])))
names = ["a", "b", "c"]
ages = [1, 2, 3]
print(dict(zip(names, ages)))
pairs = list(zip(names, ages))
n2, a2 = zip(*pairs)
print(n2, a2)
print(list(map(str, [1, 2, 3])), list(map(len, fruits)), list(map(pow, [2, 3], [3, 2])), list(map(lambda x, y: x + y, "ab", "cd")))
print(list(filter(None, [0, 1, "", "a", None, [], [0]])), list(filter(lambda f: "an" in f, fruits)), list(filter(str.isdigit, "a1b2c3")))
m = map(lambda x: x * 10, range(4))
print(next(m), next(m), list(m), list(m))
z = zip("ab", range(5))
print(next(z), list(z))
it = iter(fruits)
print(next(it), list(it))
e = enumerate("xyz")
print(next(e), next(e), list(e))
print(type(map(str, [])).__name__, type(zip()).__name__, type(filter(None, [])).__name__, type(enumerate([])).__name__)
print(sum(map(int, "12345")), max(map(len, fruits)), "-".join(map(str.upper, fruits)))
def gen():
    yield from [3, 1, 2]
print(sorted(gen()), list(enumerate(gen())), list(zip(gen(), gen())))
rows = [[1, 2, 3], [4, 5, 6]]
print([list(col) for col in zip(*rows)])
print(list(map(sum, zip(*rows))))
print(dict(enumerate("abc")))
letters = iter("abcdef")
print(list(zip(letters, letters)))
for a, (b, c) in zip("xy", [(1, 2), (3, 4)]):
    print(a, b, c)
print(list(reversed(list(enumerate("ab")))))
print(iter([1]) is not None, hasattr(iter([]), "__next__"))
