"""Where a thread switch can and cannot happen.

What it shows: the GIL holder only lets go at eval-breaker points: function entry, loop
back-edges, and after calls into builtins. `counter += 1` on its own is a straight run of
bytecode with none of those, so it is never interrupted and no update is lost. Put a call to a
Python function between reading the counter and writing it back, and a switch can land in
between (at the function's entry): two threads read the same value and one update is lost.

What to look for: the first total is always exact; the second comes up short. In the timeline,
the switches in the second phase fall between the read and the write.
"""
import threading

N = 200_000
counter = 0


def add_inline():
    global counter
    for _ in range(N):
        counter += 1


def pause():
    pass


def add_with_call():
    global counter
    for _ in range(N):
        value = counter
        pause()  # entering a function is an eval-breaker point
        counter = value + 1


def run(target):
    global counter
    counter = 0
    threads = [threading.Thread(target=target) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return counter


inline = run(add_inline)
print(f"counter += 1 in two threads:      {inline} of {2 * N} ({'exact' if inline == 2 * N else 'lost updates'})")
with_call = run(add_with_call)
print(f"read, call, write in two threads: {'exact' if with_call == 2 * N else 'lost updates'}")
