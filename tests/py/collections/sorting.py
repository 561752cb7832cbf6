# sort stability with key and reverse.
people = [("alice", 30), ("bob", 25), ("carol", 30), ("dave", 25), ("eve", 35), ("frank", 30)]
print(sorted(people, key=lambda p: p[1]))
print(sorted(people, key=lambda p: p[1], reverse=True))
print(sorted(people, key=lambda p: (-p[1], p[0])))
print(sorted(people))
print(sorted(people, reverse=True))
lst = people[:]
lst.sort(key=lambda p: len(p[0]))
print(lst)
lst.sort(key=lambda p: len(p[0]), reverse=True)
print(lst)
nums = [5, -3, 2, -8, 0, 7, -1]
print(sorted(nums), sorted(nums, key=abs), sorted(nums, key=abs, reverse=True))
nums.sort()
print(nums)
nums.sort(reverse=True)
print(nums)
words = ["Banana", "apple", "cherry", "Apple", "banana", "date"]
print(sorted(words), sorted(words, key=str.lower), sorted(words, key=len), sorted(words, key=lambda w: (len(w), w)))
print(sorted("hello world"), sorted((3, 1, 2)), sorted({3: "a", 1: "b"}), sorted([]))
print(sorted([2.5, 1, 3.0, -1.5, True]))
records = [{"n": "x", "v": 3}, {"n": "y", "v": 1}, {"n": "z", "v": 3}, {"n": "w", "v": 2}]
for r in sorted(records, key=lambda r: r["v"]):
    print(r["n"], r["v"], end=" | ")
print()
data = [(i % 3, i) for i in range(12)]
data.sort(key=lambda t: t[0])
print(data)
data.sort(key=lambda t: t[0], reverse=True)
print(data)
try:
    sorted([1, "a", 2])
except TypeError as e:
    print("TypeError:", e)
m = [[3, "c"], [1, "a"], [2, "b"], [1, "z"]]
m.sort()
print(m)
print(sorted(range(10), key=lambda x: x % 3))
print(list(reversed(sorted([4, 1, 3]))))
print(sorted([[], [1], [0, 0], [0]]))
