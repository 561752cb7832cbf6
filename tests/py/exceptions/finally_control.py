# finally interacting with return / break / continue.
def ret_in_try():
    try:
        return "try"
    finally:
        print("finally runs before return")
print(ret_in_try())
def finally_overrides():
    try:
        return "try"
    finally:
        return "finally"
print(finally_overrides())
def finally_swallows():
    try:
        raise ValueError("lost")
    finally:
        return "swallowed"
print(finally_swallows())
def return_value_evaluated_first():
    x = 1
    try:
        return x
    finally:
        x = 2
        print("x changed to", x)
print(return_value_evaluated_first())
def loop_break():
    out = []
    for i in range(5):
        try:
            if i == 3:
                break
            out.append(i)
        finally:
            out.append(f"f{i}")
    return out
print(loop_break())
def loop_continue():
    out = []
    for i in range(4):
        try:
            if i % 2:
                continue
            out.append(i)
        finally:
            out.append(f"f{i}")
    return out
print(loop_continue())
def break_in_finally():
    for i in range(3):
        try:
            raise ValueError(i)
        finally:
            break
    return "exception discarded by break"
print(break_in_finally())
def nested_finally():
    log = []
    try:
        try:
            log.append("inner try")
            return log
        finally:
            log.append("inner finally")
    finally:
        log.append("outer finally")
print(nested_finally())
def except_return():
    try:
        raise KeyError("k")
    except KeyError:
        return "from except"
    finally:
        print("finally after except-return")
print(except_return())
def while_finally():
    n = 0
    while n < 10:
        n += 1
        try:
            if n == 2:
                continue
            if n == 4:
                return n
        finally:
            print("iteration", n)
print(while_finally())
def generator_finally():
    try:
        for i in range(3):
            yield i
    finally:
        print("generator finally")
print(list(generator_finally()))
def counter():
    count = 0
    for i in range(5):
        try:
            try:
                if i == 2:
                    raise ValueError
            except ValueError:
                continue
            count += 1
        finally:
            count += 10
    return count
print(counter())
