# What goes wrong with files, as CPython reports it: a missing file, a directory, an existing
# file for 'x', closed files, reading a write-only file (io.UnsupportedOperation), bad modes
# and arguments, undecodable text.
import io
import os
from helper_tmp import make_dir, remove_tree, shown


def attempt(what, f):
    try:
        r = f()
        print(what, "->", repr(r))
    except Exception as e:
        name = type(e).__name__
        if type(e).__module__ != "builtins":
            name = type(e).__module__ + "." + name
        print(what, "->", name + ":", shown(e, d))


d = make_dir("errors")
try:
    try:
        open("missing.txt")
    except FileNotFoundError as e:
        print("caught:", e)
        print(e.errno, e.strerror, e.filename, e.args, isinstance(e, OSError))
    try:
        with open(os.path.join("no", "such", "dir.txt"), "w") as f:
            pass
    except OSError as e:
        print(type(e).__name__, e)
    attempt("open(dir)", lambda: open(d))
    attempt("open(dir, 'w')", lambda: open(d, "w"))
    p = os.path.join(d, "f.txt")
    with open(p, "w") as f:
        f.write("some text\n")
    attempt("open(p, 'x')", lambda: open(p, "x"))
    attempt("open(p/sub)", lambda: open(os.path.join(p, "sub")))

    f = open(p)
    f.close()
    f.close()
    for what in ["read", "readline", "readlines", "tell", "flush", "__iter__", "__enter__"]:
        attempt("closed text ." + what, getattr(f, what))
    attempt("closed text write", lambda: f.write("x"))
    attempt("closed text seek", lambda: f.seek(0))
    attempt("closed text next", lambda: next(iter(f)))
    attempt("closed text for", lambda: [line for line in f])
    attempt("closed text readable", f.readable)
    print(f.closed, shown(repr(f), d), shown(f.name, d))

    b = open(p, "rb")
    b.close()
    for what in ["read", "readline", "readlines", "tell", "flush", "readable"]:
        attempt("closed binary ." + what, getattr(b, what))
    attempt("closed binary seek", lambda: b.seek(0))
    attempt("closed binary write", lambda: b.write(b"x"))
    attempt("closed binary next", lambda: next(b))
    w = open(p, "ab")
    w.close()
    attempt("closed writer write", lambda: w.write(b"x"))
    attempt("closed writer flush", w.flush)

    with open(p, "a") as f:
        attempt("read a write-only file", f.read)
        attempt("readline of a write-only file", f.readline)
        attempt("iterate a write-only file", lambda: list(f))
        attempt("write bytes to text", lambda: f.write(b"x"))
        attempt("write an int", lambda: f.write(3))
        attempt("writelines of ints", lambda: f.writelines([1]))
        attempt("nonzero cur-relative seek", lambda: f.seek(1, 1))
        attempt("nonzero end-relative seek", lambda: f.seek(1, 2))
        attempt("negative seek", lambda: f.seek(-1))
        attempt("bad whence", lambda: f.seek(0, 3))
    with open(p) as f:
        attempt("write a read-only file", lambda: f.write("x"))
        attempt("read('x')", lambda: f.read("x"))
        attempt("read(-5)", lambda: f.read(-5))
        attempt("read(None)", lambda: f.read(None))
    with open(p, "rb") as f:
        attempt("write to a reader", lambda: f.write(b"x"))
        attempt("binary seek before the start", lambda: f.seek(-1))
        attempt("binary seek(-100, 1)", lambda: f.seek(-100, 1))
        attempt("binary read(1.5)", lambda: f.read(1.5))
    with open(p, "wb") as f:
        attempt("read a writer", f.read)
        attempt("write str to binary", lambda: f.write("x"))
    try:
        with open(p) as f:
            f.read()
            f.write("x")
    except io.UnsupportedOperation as e:
        print("io.UnsupportedOperation is an OSError and a ValueError:",
              isinstance(e, OSError), isinstance(e, ValueError), e.args)

    for args, kwargs in [((p, "rw"), {}), ((p, "q"), {}), ((p, "rbt"), {}), ((p, "rr"), {}),
                         ((p, ""), {}), ((p, "rb"), {"encoding": "utf-8"}),
                         ((p, "rb"), {"newline": ""}), ((p, "rb"), {"errors": "strict"}),
                         ((p, "r"), {"encoding": "nope"}), ((p, "r"), {"newline": "x"}),
                         ((p, "r", 0), {}), ((3.5,), {}), (([1],), {}), ((p,), {"mode": 1}),
                         ((p,), {"encoding": 1}), ((p,), {"foo": 1}), ((), {})]:
        attempt("open" + shown(repr(args), d) + " " + repr(kwargs), lambda: open(*args, **kwargs))

    # text that does not decode
    bad = os.path.join(d, "bad.txt")
    with open(bad, "wb") as f:
        f.write(b"ok\n\xff\xfe bad\n")
    with open(bad) as f:
        attempt("readline of bad bytes", f.readline)
        attempt("then", f.readline)
    with open(bad, encoding="ascii") as f:
        attempt("read as ascii", f.read)
    with open(bad, errors="replace") as f:
        print(repr(f.read()))
    with open(bad, encoding="latin-1") as f:
        print(repr(f.read()))
    with open(bad, "w", encoding="ascii") as f:
        attempt("write é as ascii", lambda: f.write("é"))
        attempt("write ok", lambda: f.write("ok"))
    print(repr(open(bad).read()))
    e = OSError(2, "No such file or directory", "x.txt")
    print(type(e).__name__, e, e.args, OSError(13, "Permission denied").__class__.__name__)
    print(OSError("plain"), OSError(1, 2, 3, 4, 5, 6).errno, repr(OSError(17, "File exists")))
finally:
    remove_tree(d)
