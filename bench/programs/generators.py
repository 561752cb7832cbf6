# Generator pipelines, yield from and generator expressions.
def numbers(n):
    i = 0
    while i < n:
        yield i
        i += 1

def evens(it):
    for x in it:
        if x % 2 == 0:
            yield x

def squares(it):
    for x in it:
        yield x * x

def chained(n):
    yield from numbers(n)
    yield from numbers(n // 2)

def run(n):
    total = sum(squares(evens(numbers(n)))) % 1000000007
    total += sum(x % 13 for x in chained(n))
    total += sum(1 for x in numbers(n) if x % 3 == 0)
    return total

print("checksum", run(4_000_000))
