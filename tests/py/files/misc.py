# Odds and ends: `with` closes on an exception, a file is its own iterator, next() on it,
# encodings other than UTF-8, print to a binary file, the io module, flush and
# print(flush=True), files opened in a loop, an attribute files do not have.
import io
import os
from helper_tmp import make_dir, remove_tree, shown

d = make_dir("misc")
try:
    p = os.path.join(d, "m.txt")
    try:
        with open(p, "w") as f:
            f.write("partial\n")
            raise KeyError("boom")
    except KeyError as e:
        print("KeyError", e, f.closed, open(p).read() == "partial\n")
    with open(p) as f:
        print(iter(f) is f, f.__enter__() is f, next(f), next(f, "end"), f.readable(), f.writable())
    with open(p, "w", encoding="latin-1") as f:
        print(f.write("été à l'ŀ"[:7]), f.encoding)
    print(open(p, "rb").read(), open(p, encoding="latin-1").read())
    with open(p, "w", encoding="ascii", errors="replace") as f:
        f.write("naïve €\n")
    print(open(p).read(), end="")
    with open(p, "w", encoding="utf-8", errors="strict") as f:
        print(f.errors, f.line_buffering)
    with open(p, "w", buffering=1) as f:
        print(f.line_buffering)
        f.write("line buffered\n")
        print(open(p).read(), end="")
    with open(p, "w") as f:
        f.write("buffered")
        print(repr(open(p).read()))
        f.flush()
        print(repr(open(p).read()))
        print("printed and flushed", file=f, flush=True)
        print(repr(open(p).read()))
    with open(p, "wb") as f:
        try:
            print("text", file=f)
        except TypeError as e:
            print("TypeError:", e)
    print(io.DEFAULT_BUFFER_SIZE, io.SEEK_END, io.open is open, io.TextIOWrapper.__name__)
    print(io.UnsupportedOperation.__mro__)
    print(type(open(p)), type(open(p, "rb")), type(open(p, "ab")), type(open(p, "rb+")))
    for i in range(5):
        with open(os.path.join(d, "n%d.txt" % i), "w") as f:
            f.write(str(i) * i)
    print([open(os.path.join(d, "n%d.txt" % i)).read() for i in range(5)])
    with open(p) as f:
        try:
            f.nothing
        except AttributeError as e:
            print("AttributeError:", e)
    with open(p, "rb") as f:
        try:
            f.encoding
        except AttributeError as e:
            print("AttributeError:", e)
    words = {}
    with open(p, "w") as f:
        f.write("the cat and the hat\nand the bat\n")
    with open(p) as f:
        for line in f:
            for w in line.split():
                words[w] = words.get(w, 0) + 1
    print(sorted(words.items(), key=lambda kv: (-kv[1], kv[0])))
finally:
    remove_tree(d)
