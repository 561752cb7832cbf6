# The os functions that go with files: os.path.exists/isfile/isdir/getsize/join, os.remove,
# mkdir/makedirs/rmdir, listdir, rename/replace, stat, strerror, with CPython's errors.
import os
from helper_tmp import make_dir, remove_tree, shown

d = make_dir("os")
try:
    print(os.path.exists(d), os.path.isdir(d), os.path.isfile(d), os.path.exists(d + "-not"))
    a = os.path.join(d, "a.txt")
    with open(a, "w") as f:
        f.write("12345")
    print(os.path.exists(a), os.path.isfile(a), os.path.isdir(a), os.path.getsize(a))
    st = os.stat(a)
    print(st.st_size, st.st_mode & 0o170000 == 0o100000, type(st.st_mtime).__name__)
    sub = os.path.join(d, "sub", "deeper")
    os.makedirs(sub)
    os.makedirs(sub, exist_ok=True)
    for f in [lambda: os.makedirs(sub), lambda: os.mkdir(d), lambda: os.rmdir(os.path.join(d, "sub")),
              lambda: os.remove(os.path.join(d, "nope")), lambda: os.listdir(os.path.join(d, "nope")),
              lambda: os.getsize if False else os.path.getsize(os.path.join(d, "nope")),
              lambda: os.stat(os.path.join(d, "nope")), lambda: os.rename(os.path.join(d, "x"), a),
              lambda: os.remove(d), lambda: os.rmdir(a), lambda: os.remove(3.5)]:
        try:
            f()
        except (OSError, TypeError) as e:
            print(type(e).__name__ + ":", shown(e, d))
    with open(os.path.join(sub, "inner.txt"), "w") as f:
        f.write("inner")
    print(sorted(os.listdir(d)), os.listdir(sub), sorted(os.listdir(os.path.join(d, "sub"))))
    b = os.path.join(d, "b.txt")
    os.rename(a, b)
    print(os.path.exists(a), os.path.exists(b), open(b).read())
    with open(a, "w") as f:
        f.write("new a")
    os.replace(a, b)
    print(os.path.exists(a), open(b).read())
    os.remove(b)
    os.unlink(os.path.join(sub, "inner.txt"))
    os.rmdir(sub)
    print(sorted(os.listdir(d)), os.path.exists(b))
    print(os.strerror(2), os.strerror(13), os.SEEK_SET, os.SEEK_CUR, os.SEEK_END)
    print(os.path.join("a", "b", "c.txt"), os.path.join("/x", "y"), os.path.join("a/", "b"))
    print(os.path.exists("missing.txt"), os.path.isfile("missing.txt"), os.path.isdir("."))
finally:
    remove_tree(d)
print(os.path.exists(d))
