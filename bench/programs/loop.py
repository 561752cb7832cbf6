# Tight while loop with integer arithmetic inside a function.
def run(n):
    x = 0
    s = 0
    while x < n:
        x += 1
        s = s + x % 7
    return s

print("checksum", run(20_000_000))
