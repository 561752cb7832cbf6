# multiprocessing.pool.ThreadPool: Pool's API on threads, so lambdas and shared state work.
import time
from multiprocessing.pool import ThreadPool

seen = []


def record(x):
    seen.append(x)
    return x * 2


DELAYS = [0.045, 0.03, 0.01, 0.005]


def slow(x):
    time.sleep(DELAYS[x])
    return x


if __name__ == "__main__":
    with ThreadPool(3) as pool:
        print(pool.map(record, range(6)))
        print(pool.map(lambda x: x + 1, [1, 2, 3]))
        print(list(pool.imap(slow, range(4))))
        print(list(pool.imap_unordered(slow, range(4))))
        print(pool.apply_async(pow, (2, 10)).get())
        print(pool.starmap(max, [(1, 5), (7, 2)]))
    print(sorted(seen))
