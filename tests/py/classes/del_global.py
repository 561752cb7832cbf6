# An instance with __del__ read through a module-level name: LOAD_GLOBAL's cache must not keep
# it alive past its rebinding (its __del__ runs at the rebinding, as in CPython).
class R:
    def __init__(self, n):
        self.n = n
    def __del__(self):
        print("del", self.n)

def use():
    return r.n

r = R(1)
print(use())
r = R(2)
print("rebound")
print(use())
r = None
print("end")
