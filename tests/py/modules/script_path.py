# python3 runs a script under its absolute path: __file__, sys.path[0] and the __file__ of a
# module found beside it are all absolute, whatever the command line said.
import sys

import helper_geometry

print(__file__)
print(sys.path[0])
print(__file__.startswith(sys.path[0] + "/"))
print(helper_geometry.__file__ == sys.path[0] + "/helper_geometry.py")
print(sys.argv[0] == __file__)
