# terminate(), kill(), os._exit() and an exception: each child's exit code as CPython reports it.
import multiprocessing as mp
import os
import time


def forever():
    while True:
        time.sleep(0.01)


def spin():
    n = 0
    while True:
        n += 1


def quit_now(code):
    print("about to exit", flush=True)
    os._exit(code)


def raises():
    raise KeyError("k")


if __name__ == "__main__":
    results = {}
    for name, target, args, how in [
        ("sleeper", forever, (), "terminate"),
        ("spinner", spin, (), "kill"),
        ("quitter", quit_now, (7,), None),
        ("raiser", raises, (), None),
    ]:
        p = mp.Process(target=target, args=args, name=name)
        p.start()
        if how:
            time.sleep(0.05)
            print(name, "alive before", how, p.is_alive())
            getattr(p, how)()
        p.join(5)
        results[name] = p.exitcode
        print(name, "alive after", p.is_alive())
    print(results)
    d = mp.Process(target=forever, daemon=True)
    d.start()
    print("daemon started; the run ends anyway")
