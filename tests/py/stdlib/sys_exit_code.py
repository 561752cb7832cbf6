import sys
def validate(values):
    bad = [v for v in values if v < 0]
    for v in values:
        print("checking", v)
    if bad:
        print("found", len(bad), "bad values")
        sys.exit(3)
    print("all good")
try:
    validate([1, 2])
    validate([3, -1, -2])
finally:
    print("finally runs on sys.exit")
print("unreachable")
