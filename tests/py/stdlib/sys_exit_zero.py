import sys
def main():
    for i in range(3):
        print("step", i)
    sys.exit(0)
    print("never printed")
main()
print("never printed either")
