# Failing assert at module level after output.
def mean(xs):
    return sum(xs) / len(xs)
print("computing means")
data = [[1, 2, 3], [4, 5, 6, 7], [0.5, 1.5], [10, 20], [5]]
print("datasets:", len(data))
for d in data:
    m = mean(d)
    print(d, "mean", m)
    assert m < 10, f"mean too large: {m}"
print("never reached")
