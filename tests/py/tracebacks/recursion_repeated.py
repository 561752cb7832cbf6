# Runaway recursion: after three identical entries the traceback sums up the rest in one line
# ("[Previous line repeated 996 more times]"), as CPython 3.11 prints it; then an exception
# chained through two different functions that each repeat.


def countdown(n):
    return countdown(n - 1) + 1


def ping(n):
    if n == 0:
        raise ValueError("bottom")
    return pong(n - 1)


def pong(n):
    return ping(n)


try:
    countdown(10)
except RecursionError as e:
    print("caught:", e)

try:
    ping(6)
except ValueError as e:
    try:
        {}["k"]
    except KeyError:
        print("second failure")

countdown(5)
