"""Common operations on POSIX pathnames: gilsim's `os.path`, after CPython 3.11's
Lib/posixpath.py and Lib/genericpath.py: the string operations, and `exists`, `isfile`,
`isdir` and `getsize`, which ask the file system through `os.stat` as CPython's do.
Loaded as `os.path` when `os` is imported, as CPython's `os` does."""

__all__ = ["normcase", "isabs", "join", "splitdrive", "split", "splitext", "basename",
           "dirname", "commonprefix", "normpath", "abspath", "relpath", "curdir", "pardir",
           "sep", "altsep", "extsep", "pathsep", "defpath", "devnull", "exists", "isfile",
           "isdir", "getsize"]

curdir = "."
pardir = ".."
extsep = "."
sep = "/"
pathsep = ":"
defpath = "/bin:/usr/bin"
altsep = None
devnull = "/dev/null"


def normcase(s):
    """Normalize case of pathname. Has no effect under Posix"""
    return s


def isabs(s):
    """Test whether a path is absolute"""
    return s.startswith("/")


def join(a, *p):
    """Join two or more pathname components, inserting '/' as needed."""
    path = a
    for b in p:
        if b.startswith("/"):
            path = b
        elif not path or path.endswith("/"):
            path += b
        else:
            path += "/" + b
    return path


def split(p):
    """Split a pathname into (head, tail): tail is everything after the final slash."""
    i = p.rfind("/") + 1
    head, tail = p[:i], p[i:]
    if head and head != "/" * len(head):
        head = head.rstrip("/")
    return head, tail


def splitext(p):
    """Split the extension from a pathname: (root, ext), ext empty or beginning with a dot."""
    sep_index = p.rfind("/")
    dot_index = p.rfind(".")
    if dot_index > sep_index:
        filename_index = sep_index + 1
        while filename_index < dot_index:
            if p[filename_index] != ".":
                return p[:dot_index], p[dot_index:]
            filename_index += 1
    return p, p[:0]


def splitdrive(p):
    """Split a pathname into drive and path. On Posix, drive is always empty."""
    return p[:0], p


def basename(p):
    """Returns the final component of a pathname"""
    return p[p.rfind("/") + 1:]


def dirname(p):
    """Returns the directory component of a pathname"""
    i = p.rfind("/") + 1
    head = p[:i]
    if head and head != "/" * len(head):
        head = head.rstrip("/")
    return head


def commonprefix(m):
    "Given a list of pathnames, returns the longest common leading component"
    if not m:
        return ""
    s1 = min(m)
    s2 = max(m)
    for i, c in enumerate(s1):
        if c != s2[i]:
            return s1[:i]
    return s1


def normpath(path):
    """Normalize path, eliminating double slashes, etc."""
    if path == "":
        return "."
    initial_slashes = 1 if path.startswith("/") else 0
    # POSIX allows one or two initial slashes, but treats three or more as single slash.
    if initial_slashes and path.startswith("//") and not path.startswith("///"):
        initial_slashes = 2
    comps = path.split("/")
    new_comps = []
    for comp in comps:
        if comp in ("", "."):
            continue
        if comp != ".." or (not initial_slashes and not new_comps) or (
                new_comps and new_comps[-1] == ".."):
            new_comps.append(comp)
        elif new_comps:
            new_comps.pop()
    path = "/".join(new_comps)
    if initial_slashes:
        path = "/" * initial_slashes + path
    return path or "."


def abspath(path):
    """Return an absolute path."""
    if not isabs(path):
        import os  # not at the top: this module is loaded while `os` is
        path = join(os.getcwd(), path)
    return normpath(path)


def relpath(path, start=None):
    """Return a relative version of a path"""
    if not path:
        raise ValueError("no path specified")
    if start is None:
        start = curdir
    start_list = [x for x in abspath(start).split(sep) if x]
    path_list = [x for x in abspath(path).split(sep) if x]
    i = len(commonprefix([start_list, path_list]))
    rel_list = [pardir] * (len(start_list) - i) + path_list[i:]
    if not rel_list:
        return curdir
    return join(*rel_list)


# `stat.S_IFMT` and the file types `isfile` and `isdir` look for
_S_IFMT = 0o170000
_S_IFDIR = 0o040000
_S_IFREG = 0o100000


def exists(path):
    """Test whether a path exists.  Returns False for broken symbolic links"""
    import os  # not at the top: this module is loaded while `os` is
    try:
        os.stat(path)
    except (OSError, ValueError):
        return False
    return True


def isfile(path):
    """Test whether a path is a regular file"""
    import os
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return False
    return st.st_mode & _S_IFMT == _S_IFREG


def isdir(s):
    """Return true if the pathname refers to an existing directory."""
    import os
    try:
        st = os.stat(s)
    except (OSError, ValueError):
        return False
    return st.st_mode & _S_IFMT == _S_IFDIR


def getsize(filename):
    """Return the size of a file, reported by os.stat()."""
    import os
    return os.stat(filename).st_size
