# range objects and len().
print(list(range(5)), list(range(2, 8)), list(range(0, 20, 5)), list(range(10, 0, -3)), list(range(5, 5)))
print(list(range(-5, 5, 2)), list(range(5, -5, -2)), list(range(0)), list(range(1, 0)))
r = range(3, 30, 4)
print(r, range(10), range(0, 5, -1), len(r), r[0], r[-1], r[2], r[1:4], r[::-1])
print(r.start, r.stop, r.step, 7 in r, 8 in r, r.index(11), r.count(15))
print(len(range(100)), len(range(0, 100, 7)), len(range(10, 0, -1)), len(range(5, 0)), len(range(-3, 3)))
print(range(5) == range(5), range(0) == range(2, 2), sum(range(101)), max(range(7)), min(range(3, 9)))
print(list(reversed(range(4))), sorted(range(5), reverse=True))
print(len("hello"), len([1, 2]), len((1,)), len({"a": 1}), len({1, 2, 3}), len(""), len(range(2 ** 20)))
big = range(10 ** 18)
print(len(big) == 10 ** 18, big[-1], 10 ** 17 in big)
total = 0
for i in range(1, 11):
    total += i * i
print(total)
for i in range(3, 0, -1):
    print("countdown", i)
for i in range(0, 10, 3):
    print(i, end=",")
print()
print([i for i in range(20) if i % 7 == 0])
try:
    range(1, 2, 0)
except ValueError as e:
    print("ValueError:", e)
try:
    r[100]
except IndexError as e:
    print("IndexError:", e)
print(range(3)[-1], list(range(10)[2:8:2]))
class Sized:
    def __len__(self):
        return 7
print(len(Sized()))
print(range(0,1,1)==range(0,1,2), range(0,0)==range(5,5,3), range(0,10,2)==range(0,9,2), range(3)==range(0,3), range(1,4)!=range(1,5))
