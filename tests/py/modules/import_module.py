print("main start, __name__ =", __name__)
import helper_geometry
print("after import")
print(helper_geometry.PI, helper_geometry.area(2), round(helper_geometry.perimeter(1), 3))
print(helper_geometry.__name__, helper_geometry.Shape("circle"))
s = helper_geometry.Shape("sq")
print(type(s).__name__, isinstance(s, helper_geometry.Shape))
print(helper_geometry.bump(), helper_geometry.bump(), helper_geometry.load_count)
import helper_geometry
print(helper_geometry.load_count, "(module state persists across imports)")
import helper_geometry as geo
print(geo is helper_geometry, geo.area(1))
helper_geometry.PI = 3
print(geo.area(1), geo.PI)
print(hasattr(helper_geometry, "area"), hasattr(helper_geometry, "nothing"))
try:
    helper_geometry.nothing
except AttributeError as e:
    print("AttributeError:", e)
