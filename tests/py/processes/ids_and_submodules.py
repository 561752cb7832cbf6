# os.getpid / os.getppid across a fork, current_process names, and the submodules programs
# import by name (multiprocessing.queues, multiprocessing.synchronize).
import os
import multiprocessing
import multiprocessing.queues
import multiprocessing.synchronize
from multiprocessing.queues import Queue as MQ
from multiprocessing.synchronize import Lock as MLock


def child(q, parent):
    q.put((os.getppid() == parent, os.getpid() != parent, multiprocessing.current_process().name))


if __name__ == "__main__":
    q = multiprocessing.Queue()
    print(isinstance(q, multiprocessing.queues.Queue), type(multiprocessing.Lock()).__name__)
    p = multiprocessing.Process(target=child, args=(q, os.getpid()), name="kid")
    p.start()
    print(q.get())
    p.join()
    print(p.exitcode, multiprocessing.current_process().name)
    print(os.getppid() != os.getpid())
