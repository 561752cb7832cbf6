# os.path: the string operations of posixpath, there after a plain `import os` as in CPython;
# `import os.path` and `from os.path import ...` too.
import os
import os.path
from os.path import join as pjoin

print(os.path.join("a", "b", "c.py"), os.path.join("/x", "/y", "z"), pjoin("", "q"), os.path.join("a/", "b"))
print(os.path.split("/usr/lib/py.py"), os.path.split("name"), os.path.split("//"), os.path.split("a/b/"))
print(os.path.splitext("archive.tar.gz"), os.path.splitext(".bashrc"), os.path.splitext("a/b.c/d"))
print(os.path.basename("/a/b/c.txt"), os.path.dirname("/a/b/c.txt"), os.path.dirname("c.txt"), os.path.basename("a/"))
print(os.path.normpath("/a//b/./c/../d"), os.path.normpath("../x/../../y"), os.path.normpath(""), os.path.normpath("//a"))
print(os.path.isabs("/x"), os.path.isabs("x"), os.path.commonprefix(["/usr/lib", "/usr/local"]), os.path.commonprefix([]))
print(os.path.abspath("sub/../f.py") == os.path.join(os.getcwd(), "f.py"), os.path.relpath("/a/b/c", "/a/d"))
print(os.path.basename(__file__), os.path.dirname(__file__) == os.getcwd() or os.path.isabs(os.path.dirname(__file__)))
print(os.sep, os.path.sep, os.path.curdir, os.path.pardir, os.path.extsep)
