import multiprocessing as mp
import os

counter = [0]

def work(n, q):
    counter[0] += n
    q.put((mp.current_process().name, n * n, counter[0]))

def boom():
    raise ValueError("bad")

if __name__ == "__main__":
    print("start", mp.current_process().name)
    q = mp.Queue()
    ps = [mp.Process(target=work, args=(i, q)) for i in range(1, 4)]
    for p in ps:
        p.start()
    got = sorted(q.get() for _ in ps)
    for p in ps:
        p.join()
    print(got)
    print("parent counter", counter)
    print([p.exitcode for p in ps], [p.is_alive() for p in ps])
    b = mp.Process(target=boom)
    b.start(); b.join()
    print("boom exit", b.exitcode)
    a, c = mp.Pipe()
    a.send({"x": [1, 2, 3]})
    print(c.recv())
    try:
        a.send(lambda: 1)
    except Exception as e:
        print(type(e).__name__, str(e).split(" at ")[0])
    import threading
    try:
        a.send(threading.Lock())
    except TypeError as e:
        print(e)
    print(os.getpid() != ps[0].pid)
