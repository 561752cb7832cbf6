# min/max with key and default, sum, sorted, reversed, any, all.
nums = [5, 3, 9, 1, 7]
words = ["banana", "fig", "apple", "cherry", "kiwi"]
print(min(nums), max(nums), min(3, 1, 2), max(3, 1, 2), min("hello"), max("a", "b"))
print(min(words, key=len), max(words, key=len), min(words), max(words))
print(max(words, key=lambda w: w[-1]), min(nums, key=lambda n: abs(n - 6)))
print(min([], default="empty"), max([], default=None), max([1], default=99), min((), key=len, default=0))
print(max([3, 3.0, 2]), max([3.0, 3, 2]), min([1, True]), max([0, False]))
pairs = [("a", 3), ("b", 1), ("c", 3)]
print(max(pairs, key=lambda p: p[1]), min(pairs, key=lambda p: p[1]))
print(sum(nums), sum(nums, 100), sum([]), sum([0.1, 0.2, 0.3]), sum([[1], [2, 3]], []), sum(range(10), -45))
print(sum([1, 2.5]), sum([True, True]), sum(x * x for x in range(4)))
print(sorted(nums), sorted(nums, reverse=True), sorted(words, key=len), nums)
print(list(reversed(nums)), list(reversed("abc")), list(reversed((1, 2))), list(reversed(range(3))))
print(any([]), all([]), any([0, "", None]), any([0, 1]), all([1, "a", [0]]), all([1, 0]))
print(any(w.startswith("k") for w in words), all(len(w) > 2 for w in words))
print(max(2 ** 100, 2 ** 99), min(-1.5, -2), max("apple", "Apple"), sorted(["b", "A", "a", "B"]))
try:
    max([])
except ValueError as e:
    print("ValueError:", e)
try:
    min()
except TypeError as e:
    print("TypeError raised for min()")
print(round(sum([1.1] * 3), 10), abs(sum([-1, -2])))
matrix = [[3, 1], [2, 8], [5, 0]]
print(max(matrix, key=sum), min(matrix, key=lambda r: r[1]), sorted(matrix, key=lambda r: -r[0]))
print(max({"a": 3, "b": 9, "c": 1}.items(), key=lambda kv: kv[1]))
scores = {"ann": 88, "bob": 95, "cid": 72}
print(max(scores, key=scores.get), min(scores, key=scores.get), sorted(scores, key=scores.get, reverse=True))
