"""Helper: a module with state, imported twice to check it runs once."""
print("helper_registry: loading")
items = []
def register(x):
    items.append(x)
    return len(items)
from helper_geometry import area as _area
def big_area():
    return round(_area(10), 2)
