import helper_registry
import helper_registry
from helper_registry import register, items
import helper_geometry
print("registering")
print(register("a"), register("b"), items, helper_registry.items is items)
print(helper_registry.big_area())
print(helper_registry.__name__, helper_geometry.__name__, __name__)
def main():
    import helper_registry as hr
    print("inside main:", hr.register("c"), len(items))
if __name__ == "__main__":
    main()
else:
    print("imported, not run")
