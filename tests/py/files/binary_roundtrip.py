# Binary files: a round trip of every byte value, read(n), readline, iteration, seek/tell,
# read-ahead and writes mixed in r+b, buffering=0, reprs and modes.
import os
from helper_tmp import make_dir, remove_tree, shown

d = make_dir("binary")
try:
    p = os.path.join(d, "data.bin")
    payload = bytes(range(256)) * 4
    with open(p, "wb") as f:
        print(shown(repr(f), d), f.mode, type(f).__name__)
        print(f.write(payload), f.write(b""), f.write(b"\r\n tail"), f.tell())
    print(os.path.getsize(p))
    with open(p, "rb") as f:
        data = f.read()
    print(len(data), data[:256] == bytes(range(256)), data[-7:], data == payload + b"\r\n tail")

    with open(p, "rb") as f:
        print(shown(repr(f), d), f.mode, f.readable(), f.writable(), f.seekable())
        print(f.read(3), f.tell(), f.read(0), f.tell())
        print(f.seek(10), f.read(2), f.seek(-2, 2), f.read(), f.seek(-3, 1), f.read(1))
        f.seek(0)
        first = f.readline()
        print(len(first), first[-3:], f.tell())
        lines = f.readlines()
        print(len(lines), [len(l) for l in lines], lines[-1])
        f.seek(0)
        print(sum(len(l) for l in f), f.read(), f.read(5))

    # lines of a binary file end at b'\n' only
    q = os.path.join(d, "lines.bin")
    with open(q, "wb") as f:
        f.write(b"one\r\ntwo\rthree\nfour")
    with open(q, "rb") as f:
        print(list(f))
    with open(q, "rb") as f:
        print(f.readline(2), f.readline(), f.readline(None), f.readline(-1), f.readline())

    # r+b: a write goes where the reading stopped
    with open(q, "r+b") as f:
        print(shown(repr(f), d), f.mode, f.readline(), f.tell())
        print(f.write(b"TWO"), f.tell())
        f.seek(0)
        print(f.read())
    with open(q, "ab") as f:
        print(shown(repr(f), d), f.mode, f.tell(), f.write(b"!"), f.tell())
    with open(q, "a+b") as f:
        print(f.mode, f.read(), f.seek(0), f.read(4))
    with open(q, "w+b") as f:
        print(f.mode, f.read(), f.write(b"fresh"), f.seek(0), f.read())
        print(f.truncate(2), f.seek(0, 2), f.tell())
    print(open(q, "rb").read())

    # unbuffered
    with open(q, "rb", buffering=0) as f:
        print(shown(repr(f), d), type(f).__name__, f.read(1), f.read(), f.read())
    with open(q, "wb", 0) as f:
        print(f.write(b"raw"), f.mode)
    print(open(q, "rb").read())

    # bytes(...) and .decode around files
    r = os.path.join(d, "roundtrip.txt")
    with open(r, "wb") as f:
        f.write("héllo\n".encode())
        f.write(bytes("wörld\n", "utf-8"))
    with open(r, "rb") as f:
        print(f.read().decode().splitlines())
    with open(r) as f:
        print(f.read())
finally:
    remove_tree(d)
