# KeyError escaping through with-blocks and finally clauses, with a cause.
class Resource:
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        print("acquire", self.name)
        return self
    def __exit__(self, *exc):
        print("release", self.name, "exception:", exc[0].__name__ if exc[0] else None)
        return False

def lookup(table, key):
    try:
        return table[key]
    except KeyError as e:
        raise LookupError(f"no entry for {key}") from e

table = {"a": 1, "b": 2}
with Resource("outer"):
    for k in ["a", "b"]:
        print(k, "=", lookup(table, k))
    with Resource("inner"):
        print("c =", lookup(table, "c"))
print("never reached")
