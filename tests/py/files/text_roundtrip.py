# Writing text files and reading them back: read(), read(n), readline(), readlines(),
# iteration, print(file=f), writelines, append and exclusive-create modes, empty files,
# a last line without its newline, non-ASCII text, reprs and attributes.
import os
from helper_tmp import make_dir, remove_tree, shown

d = make_dir("text")
try:
    p = os.path.join(d, "notes.txt")
    with open(p, "w") as f:
        print(shown(repr(f), d), f.mode, f.closed, f.encoding, f.name == p)
        print(f.write("first line\n"), f.write(""), f.write("second line\n"))
        print("third", "line", sep="-", file=f)
        print(3, 4.5, None, [1, "x"], file=f, end="!\n")
        f.writelines(["a\n", "b\n", "no newline at the end"])
    print(f.closed, shown(repr(f), d))

    with open(p) as f:
        print(repr(f.read()))
    with open(p) as f:
        print(repr(f.readline()), repr(f.readline()), repr(f.read(5)), repr(f.readline()))
        print(f.readlines())
        print(repr(f.readline()), repr(f.read()), repr(f.read(3)))
    with open(p) as f:
        for i, line in enumerate(f):
            print(i, repr(line))
    with open(p) as f:
        print([line.rstrip("\n") for line in f if line.startswith(("a", "b"))])
        f.seek(0)
        print(len(f.readlines()), f.tell() == os.path.getsize(p))
    with open(p) as f:
        print(f.readline(3), f.readline(100), repr(f.readline(0)), f.readlines(20))

    # append, then read everything
    with open(p, "a") as f:
        print(f.tell() == os.path.getsize(p), f.write("\nappended\n"))
    with open(p, "r") as f:
        lines = f.read().splitlines()
    print(len(lines), lines[-2:], lines[0])

    # an empty file
    e = os.path.join(d, "empty.txt")
    open(e, "w").close()
    with open(e) as f:
        print(repr(f.read()), repr(f.readline()), f.readlines(), list(f), f.tell())
    print(os.path.getsize(e), os.path.exists(e), os.path.isfile(e), os.path.isdir(e))

    # non-ASCII text, written as UTF-8
    u = os.path.join(d, "unicode.txt")
    text = "naïve café\nΣίσυφος\n日本語\n😀 emoji\n"
    with open(u, "w", encoding="utf-8") as f:
        print(f.write(text), shown(repr(f), d), f.encoding)
    with open(u, "rb") as f:
        raw = f.read()
    print(len(raw), raw[:12], raw.decode("utf-8") == text)
    with open(u) as f:
        print(f.read(4), f.read(6), repr(f.readline()), f.readline().strip(), [len(l) for l in f])

    # 'x' makes a new file only
    x = os.path.join(d, "new.txt")
    with open(x, "x") as f:
        f.write("created")
    try:
        open(x, "x")
    except FileExistsError as err:
        print("FileExistsError:", shown(err, d), err.errno, err.strerror, shown(err.filename, d))
    print(open(x).read())

    # a file nobody closes is flushed when its last reference goes
    g = open(os.path.join(d, "dropped.txt"), "w")
    g.write("flushed by the finalizer")
    del g
    print(open(os.path.join(d, "dropped.txt")).read())

    # r+ and w+
    with open(p, "w+") as f:
        f.write("0123456789\n")
        f.seek(0)
        print(repr(f.read()), f.tell())
        f.seek(3)
        f.write("abc")
        f.seek(0)
        print(repr(f.readline()))
    with open(p, "r+") as f:
        print(repr(f.read(4)))
        f.seek(0)
        f.write("XY")
    print(open(p).read().strip())
    print(sorted(os.listdir(d)))
finally:
    remove_tree(d)
print(os.path.exists(d))
