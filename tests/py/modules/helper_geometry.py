"""Helper module imported by the modules/ test programs (not a test itself)."""
print("helper_geometry: executing module body, __name__ =", __name__)
PI = 3.14159
_private = "hidden"
load_count = 0
def area(r):
    return PI * r * r
def perimeter(r):
    return 2 * PI * r
class Shape:
    def __init__(self, name):
        self.name = name
    def __repr__(self):
        return f"Shape({self.name!r})"
def bump():
    global load_count
    load_count += 1
    return load_count
if __name__ == "__main__":
    print("helper_geometry run directly (should not happen)")
