# An exception raised deep inside nested calls escapes to the top level.
class ParseError(Exception):
    pass

def parse_number(token):
    if not token.isdigit():
        raise ParseError(f"not a number: {token!r}")
    return int(token)

def parse_line(line):
    return [parse_number(t) for t in line.split(",")]

def parse_all(lines):
    out = []
    for i, line in enumerate(lines):
        print(f"parsing line {i}: {line}")
        out.append(sum(parse_line(line)))
        print(f"  sum = {out[-1]}")
    return out

def main():
    try:
        parse_all(["1,2,3", "x"])
    except ParseError as e:
        print("recovered from:", e)
    try:
        parse_all(["4,5"])
    finally:
        print("first finally")
    try:
        parse_all(["10,20", "30,4O,50"])
    finally:
        print("cleanup before dying")

main()
print("never reached")
