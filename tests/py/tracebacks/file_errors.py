# Uncaught file errors print as CPython prints them: FileNotFoundError with its errno and
# file name, and io.UnsupportedOperation named with its module, chained.


def load(name):
    with open(name) as f:
        return f.read()


try:
    load("missing.txt")
except FileNotFoundError:
    sink = open("/dev/null", "w")
    print("opened", sink.name, sink.mode)
    sink.read()
