# Values CPython cannot pickle, on each way between processes: a Queue pickles in its feeder
# thread (put returns, the error goes to stderr and the item is dropped), a SimpleQueue and a
# Pipe pickle in put / send (the error is raised there).
import multiprocessing
import threading


def child(q):
    q.put("from the child")


if __name__ == "__main__":
    q = multiprocessing.Queue()
    q.put(lambda: 1)
    print("Queue.put of a lambda returned")
    q.put(threading.Lock())
    print("Queue.put of a lock returned")
    p = multiprocessing.Process(target=child, args=(q,))
    p.start()
    print(q.get())
    p.join()
    q.put((x for x in range(3)))
    q.put("after")
    print("the unpicklable items were dropped:", q.get())

    sq = multiprocessing.SimpleQueue()
    for bad in (lambda: 1, threading.Lock()):
        try:
            sq.put(bad)
        except Exception as e:
            print("SimpleQueue.put:", type(e).__name__)
    sq.put("ok")
    print(sq.get())

    a, b = multiprocessing.Pipe()
    try:
        a.send(lambda: 2)
    except Exception as e:
        print("Pipe.send:", type(e).__name__)
    a.send([1, 2])
    print(b.recv())
