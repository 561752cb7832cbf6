# An exception group raised at module level: each sub-exception with its own traceback, the
# carets under their failing spans, inside the group's margins. stderr is compared.
def f(d):
    return d["x"] + 1

def g():
    errors = []
    for d in [{}, {"x": "s"}]:
        try:
            f(d)
        except Exception as e:
            errors.append(e)
    raise ExceptionGroup("two failures", errors)

g()
