# A user-defined exception escapes from a method inside a loop inside a generator.
class ValidationError(ValueError):
    def __init__(self, field, value):
        super().__init__(f"invalid {field}: {value!r}")

class Record:
    def __init__(self, name, age):
        self.name = name
        self.age = age
    def validate(self):
        if not isinstance(self.age, int) or self.age < 0:
            raise ValidationError("age", self.age)
        return self

def validated(records):
    for r in records:
        yield r.validate()

people = [Record("ann", 31), Record("bob", 45), Record("eve", 0), Record("fay", 77), Record("cy", -3), Record("di", 20)]
print("validating", len(people), "records")
try:
    Record("bad", "x").validate()
except ValueError as e:
    print("caught:", e, "| is ValueError:", isinstance(e, ValueError))
count = 0
for p in validated(people):
    count += 1
    print(f"{count}: {p.name} is {p.age}")
print("never reached")
