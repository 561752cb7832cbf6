# A forked child works on copies; shared state goes through Value, Array, queues and pipes.
import multiprocessing as mp
import os
import sys

data = {"items": [1, 2, 3]}


def mutate(d):
    d["items"].append(99)
    data["items"].append(100)
    print("child sees", d, data["items"], flush=True)


def add(v, a, lock, n):
    for _ in range(n):
        with lock:
            v.value += 1
    with a.get_lock():
        a[0] = a[0] + n


def exits(code):
    sys.exit(code)


def waiter(ev, q):
    ev.wait()
    q.put("released")


def consume(jq, out):
    while True:
        item = jq.get()
        if item is None:
            jq.task_done()
            break
        out.put(item * 10)
        jq.task_done()


if __name__ == "__main__":
    local = {"items": [1, 2, 3]}
    p = mp.Process(target=mutate, args=(local,))
    p.start()
    p.join()
    print("parent keeps", local, data["items"])

    v = mp.Value("i", 0)
    a = mp.Array("i", 3)
    lock = mp.Lock()
    ps = [mp.Process(target=add, args=(v, a, lock, 50)) for _ in range(3)]
    for q in ps:
        q.start()
    for q in ps:
        q.join()
    print("value", v.value, "array", list(a), len(a))

    codes = []
    for c in (0, 3, None):
        q = mp.Process(target=exits, args=(c,))
        q.start()
        q.join()
        codes.append(q.exitcode)
    print("exit codes", codes)

    ev = mp.Event()
    out = mp.Queue()
    w = mp.Process(target=waiter, args=(ev, out))
    w.start()
    print("event set?", ev.is_set())
    ev.set()
    print(out.get(timeout=5))
    w.join()

    jq = mp.JoinableQueue()
    res = mp.Queue()
    c = mp.Process(target=consume, args=(jq, res))
    c.start()
    for i in range(4):
        jq.put(i)
    jq.put(None)
    jq.join()
    print(sorted(res.get() for _ in range(4)))
    c.join()

    q = mp.Queue()
    try:
        q.get(timeout=0.01)
    except Exception as e:
        print("empty:", type(e).__name__)
    r, wr = mp.Pipe(duplex=False)
    wr.send([1, (2, 3), {"k": {4}}])
    print(r.poll(), r.recv(), r.poll())
    print(mp.current_process().name, mp.parent_process(), mp.cpu_count() == os.cpu_count())
    print(p.is_alive(), p.exitcode, p.name, p.daemon)
    try:
        p.start()
    except AssertionError as e:
        print("AssertionError:", e)
