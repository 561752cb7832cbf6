# Instances cross to child processes (forked with the parent's heap) and back (pickled):
# their attributes, in order, and attributes set out of order or in a dict of their own.
import multiprocessing as mp


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def moved(self, d):
        return Point(self.x + d, self.y + d)


class Wide:
    pass


def work(p, q):
    q.put((vars(p), vars(p.moved(10)), vars(SHARED)))


def moved(p):
    p.tag = "child"
    return p.moved(1), p


SHARED = Point(0, 0)
SHARED.z = 5
del SHARED.x
SHARED.x = 7

if __name__ == "__main__":
    q = mp.Queue()
    pr = mp.Process(target=work, args=(Point(1, 2), q))
    pr.start()
    print(q.get())
    pr.join()
    odd = Point(3, 4)
    del odd.x
    odd.x = 30
    wide = Wide()
    for i in range(35):
        setattr(wide, f"a{34 - i}", i)
    with mp.Pool(2) as pool:
        for a, b in pool.map(moved, [Point(1, 1), odd]):
            print(vars(a), vars(b), b.moved(2).x)
        print(pool.apply(vars, (wide,)) == vars(wide), list(vars(wide))[:3])
