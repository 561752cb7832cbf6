# multiprocessing.Pool: map keeps input order, imap too, imap_unordered yields as workers finish,
# starmap, apply_async with callbacks, exceptions travel back to the parent.
import multiprocessing as mp
import time


def square(x):
    return x * x


def slow_square(x):
    time.sleep(0.02 * (5 - x))
    return x * x


def fail(x):
    if x == 3:
        raise ValueError(f"no {x}")
    return x


def init(tag):
    global TAG
    TAG = tag


def tagged(x):
    return f"{TAG}-{x}"


if __name__ == "__main__":
    with mp.Pool(2) as pool:
        print(pool.map(square, range(10)))
        print(pool.map(square, []))
        print(list(pool.imap(square, range(6))))
        print(list(pool.imap(square, range(6), chunksize=4)))
        print(pool.starmap(pow, [(2, 3), (3, 2), (10, 0)]))
        print(pool.apply(square, (9,)))
        done = []
        r = pool.apply_async(square, (7,), callback=done.append)
        print(r.get(timeout=5), r.ready(), r.successful())
        time.sleep(0.01)
        print(done)
        try:
            pool.map(fail, range(5))
        except ValueError as e:
            print("map raised", e)
        e = pool.apply_async(fail, (3,))
        e.wait()
        print(e.ready(), e.successful())
    with mp.Pool(5) as pool:
        print(list(pool.imap_unordered(slow_square, range(5))))
        print(pool.map(slow_square, range(5)))
    with mp.Pool(2, initializer=init, initargs=("w",)) as pool:
        print(pool.map(tagged, "abc"))
    try:
        mp.Pool(0)
    except ValueError as e:
        print(e)
    p = mp.Pool(1)
    p.close()
    try:
        p.map(square, [1])
    except ValueError as e:
        print(e)
    p.join()
