# Tracebacks as the interpreter prints an uncaught exception (Python/traceback.c): the failing
# span underlined, `~` and `^` for binary operations and subscripts, nothing when the span is
# the whole line. stderr is compared with python3's byte for byte (tests/py/tracebacks/).


class Account:
    def __init__(self, owner):
        self.owner = owner
        self.history = {"opened": 1}

    def last(self, key):
        return self.history[key] * 2

    def report(self):
        total = self.last("opened") + len(self.owner)
        return total + self.last("closed")


def summarise(accounts):
    lines = []
    for a in accounts:
        lines.append(f"{a.owner}: {a.report()}")  
    return lines


print("summarising")
print(summarise([Account("ann"), Account("bob")]))
