import sys
print("about to fail")
try:
    sys.exit(5)
except SystemExit as e:
    print("caught SystemExit", e.code, type(e).__name__, isinstance(e, Exception), isinstance(e, BaseException))
try:
    sys.exit()
except SystemExit as e:
    print("caught no-arg exit, code:", e.code)
try:
    raise SystemExit(7)
except SystemExit as e:
    print("caught raised SystemExit", e.code)
def cleanup():
    try:
        sys.exit("fatal: configuration missing")
    finally:
        print("cleanup in finally")
cleanup()
print("unreachable")
