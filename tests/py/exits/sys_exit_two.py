import sys

def check_config(cfg):
    missing = [k for k in ("host", "port", "user") if k not in cfg]
    for k in sorted(cfg):
        print(f"config {k} = {cfg[k]!r}")
    if missing:
        print("missing keys:", ", ".join(missing))
        sys.exit(2)
    return True

print("starting")
check_config({"host": "localhost", "port": 8080, "user": "root"})
print("first config ok")
check_config({"host": "example"})
print("never reached")
