"""dir(): modules, classes through their MRO, instances, __dir__, and its arity error."""
import queue, math
class A:
    x = 1
    def m(self): pass
class B(A):
    def __init__(self): self.y = 2
print([n for n in dir(B()) if not n.startswith('_')], [n for n in dir(B) if not n.startswith('_')])
class D:
    def __dir__(self): return ['b', 'a']
print(dir(D()), 'append' in dir([]), 'upper' in dir('s'), 'keys' in dir({}))
try: dir(1, 2)
except TypeError as e: print(e)
import math; print([n for n in dir(math) if n in ('sqrt', 'pi', 'floor')])
import time
print("struct_time" in dir(time), "gmtime" in dir(time))
