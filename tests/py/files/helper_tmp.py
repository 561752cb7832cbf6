"""A scratch directory of the test's own, made without `tempfile` (which gilsim lacks):
/tmp/gilsim-files-TAG-PID-N, N the first free number (os.mkdir fails on one that exists, so
two runs at once never share one), and its removal."""
import os


def make_dir(tag):
    n = 0
    while True:
        d = "/tmp/gilsim-files-%s-%d-%d" % (tag, os.getpid(), n)
        try:
            os.mkdir(d)
            return d
        except FileExistsError:
            n += 1


def remove_tree(d):
    for name in os.listdir(d):
        p = os.path.join(d, name)
        if os.path.isdir(p):
            remove_tree(p)
        else:
            os.remove(p)
    os.rmdir(d)


def shown(text, d):
    """`text` with the scratch directory's path written <tmp> (it differs run to run)."""
    return str(text).replace(d, "<tmp>")
