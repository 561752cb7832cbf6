from helper_geometry import *
print(area(1), perimeter(1), PI, Shape("star"))
try:
    print(_private)
except NameError as e:
    print("NameError:", e)
import helper_geometry
print(helper_geometry._private)
def use_module_global():
    return helper_geometry.bump() + bump()
print(use_module_global(), helper_geometry.load_count)
