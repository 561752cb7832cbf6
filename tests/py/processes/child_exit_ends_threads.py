# A child process ends when its target returns (CPython's fork start method calls os._exit):
# its daemon threads end with it, wherever they are, and never print.
import multiprocessing as mp
import threading
import time


def late():
    time.sleep(0.05)
    print("a daemon thread outlived its process", flush=True)


def child():
    threading.Thread(target=late, daemon=True).start()
    print("child done", flush=True)


if __name__ == "__main__":
    p = mp.Process(target=child)
    p.start()
    p.join()
    time.sleep(0.15)
    print("exit code", p.exitcode)
