from helper_geometry import area, PI, Shape
from helper_geometry import perimeter as perim, bump
import helper_geometry
print(area(3), PI, perim(2), Shape("tri"))
print(bump(), bump(), helper_geometry.load_count)
PI = 100
print(PI, helper_geometry.PI, area(1))
print(area is helper_geometry.area)
try:
    from helper_geometry import does_not_exist
except ImportError as e:
    print("ImportError:", str(e).split(" (")[0])
try:
    import helper_missing_module
except ModuleNotFoundError as e:
    print("ModuleNotFoundError:", e)
except ImportError as e:
    print("ImportError:", e)
