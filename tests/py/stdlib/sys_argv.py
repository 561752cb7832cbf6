import sys
print(len(sys.argv), sys.argv[0].replace("\\", "/").split("/")[-1], sys.argv[1:])
print(sys.argv[0].endswith(".py"))
print(type(sys.argv).__name__)
print(__name__)
if __name__ == "__main__":
    print("running as main")
print(sys.maxsize == 2 ** 63 - 1, sys.version_info[0] == 3, sys.version_info >= (3, 8))
print("stdout works", file=sys.stdout)
print("stderr line", file=sys.stderr)
sys.stdout.write("direct write\n")
