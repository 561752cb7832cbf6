# Universal newlines (\r\n and \r read as \n), the newline= modes, f.newlines, and files
# longer than the 8 KiB chunks text is decoded in: a \r\n and a multi-byte character split
# across a chunk's end, many lines, and read(n) across chunks.
import os
from helper_tmp import make_dir, remove_tree

d = make_dir("newlines")
try:
    p = os.path.join(d, "mixed.txt")
    with open(p, "wb") as f:
        f.write(b"one\r\ntwo\rthree\nfour\r\n\r\nsix\r")
    with open(p) as f:
        print(f.newlines, repr(f.readline()), f.newlines)
        print(f.readlines(), f.newlines)
    for nl in [None, "", "\n", "\r", "\r\n"]:
        with open(p, newline=nl) as f:
            print(repr(nl), f.readlines(), f.newlines)
        with open(p, newline=nl) as f:
            print(repr(nl), repr(f.read(6)), repr(f.read()))
    for nl in [None, "", "\n", "\r", "\r\n"]:
        with open(p, "w", newline=nl) as f:
            f.write("a\nb\r\nc\r")
        with open(p, "rb") as f:
            print("written with newline=%r:" % nl, f.read())

    # a \r\n whose \r ends the first 8 KiB chunk
    q = os.path.join(d, "split.txt")
    with open(q, "wb") as f:
        f.write(b"x" * 8191 + b"\r\n" + b"after\r" + b"y" * 8190 + b"\r\nend")
    with open(q) as f:
        lines = f.readlines()
    print(len(lines), [len(l) for l in lines], lines[1], repr(lines[-1]))
    with open(q) as f:
        print(len(f.read()), f.newlines)

    # multi-byte characters across chunk ends
    u = os.path.join(d, "utf8.txt")
    line = "é€😀" * 700 + "\n"
    with open(u, "w") as f:
        for _ in range(20):
            f.write(line)
    print(os.path.getsize(u))
    with open(u) as f:
        print(sum(1 for l in f if l == line))
    with open(u) as f:
        parts = []
        while True:
            s = f.read(1000)
            if not s:
                break
            parts.append(len(s))
        print(len(parts), sum(parts), parts[:3])
    with open(u, "rb") as f:
        print(f.read(5), len(f.read()))

    # many lines
    m = os.path.join(d, "many.txt")
    with open(m, "w") as f:
        for i in range(20000):
            f.write("line %d\n" % i)
    total = 0
    count = 0
    with open(m) as f:
        for l in f:
            total += int(l.split()[1])
            count += 1
    print(count, total, os.path.getsize(m))
    with open(m) as f:
        f.readline()
        print(f.tell(), repr(f.readline()), f.tell())
        f.seek(70)
        print(repr(f.readline()), f.tell())
    with open(m, "rb") as f:
        print(sum(1 for _ in f), f.tell())
finally:
    remove_tree(d)
