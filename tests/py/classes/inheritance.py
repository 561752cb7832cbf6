# single inheritance, super(), overriding, isinstance/issubclass.
class Animal:
    kind = "animal"
    def __init__(self, name):
        self.name = name
    def speak(self):
        return "..."
    def intro(self):
        return f"I am {self.name}, a {self.kind}, and I say {self.speak()}"
    def __repr__(self):
        return f"{type(self).__name__}({self.name!r})"
class Dog(Animal):
    kind = "dog"
    def speak(self):
        return "Woof"
class Puppy(Dog):
    def __init__(self, name, age):
        super().__init__(name)
        self.age = age
    def speak(self):
        return super().speak() + " (squeaky)"
    def intro(self):
        base = super().intro()
        return base + f" and I am {self.age} months old"
class Cat(Animal):
    kind = "cat"
    def speak(self):
        return "Meow"
animals = [Animal("generic"), Dog("Rex"), Puppy("Bit", 3), Cat("Tom")]
for a in animals:
    print(a.intro())
print(animals)
p = animals[2]
print(isinstance(p, Puppy), isinstance(p, Dog), isinstance(p, Animal), isinstance(p, Cat), isinstance(p, object))
print(issubclass(Puppy, Animal), issubclass(Cat, Dog), issubclass(Dog, Dog), issubclass(bool, int))
print(isinstance(3, (str, int)), isinstance("s", (list, tuple)), isinstance(True, int))
print(Puppy.__bases__ == (Dog,), Puppy.__mro__ == (Puppy, Dog, Animal, object))
print([c.__name__ for c in Puppy.__mro__])
print(type(p).__name__, type(p).__bases__[0].__name__)
class Base:
    def __init__(self):
        self.log = ["Base"]
    def hook(self):
        return "base hook"
    def run(self):
        return self.hook()
class Derived(Base):
    def __init__(self):
        super().__init__()
        self.log.append("Derived")
    def hook(self):
        return "derived hook"
d = Derived()
print(d.log, d.run(), Base.run(d), Base.hook(d))
class NoInit(Base):
    pass
print(NoInit().log)
class Shape:
    def area(self):
        raise NotImplementedError("subclass must implement area")
    def describe(self):
        return f"{type(self).__name__} with area {self.area():.2f}"
class Rect(Shape):
    def __init__(self, w, h):
        self.w, self.h = w, h
    def area(self):
        return self.w * self.h
class Square(Rect):
    def __init__(self, s):
        super().__init__(s, s)
class Circle(Shape):
    def __init__(self, r):
        self.r = r
    def area(self):
        return 3.14159 * self.r ** 2
for s in [Rect(2, 3), Square(4), Circle(1)]:
    print(s.describe())
try:
    Shape().describe()
except NotImplementedError as e:
    print("NotImplementedError:", e)
class A:
    x = 1
class B(A):
    pass
class C(B):
    x = 3
print(A.x, B.x, C.x, C().x)
B.x = 2
print(A.x, B.x, C.x)
class MyList(list):
    def total(self):
        return sum(self)
ml = MyList([1, 2, 3])
ml.append(4)
print(ml, ml.total(), len(ml), isinstance(ml, list))
class MyDict(dict):
    def __missing__(self, key):
        return key * 2
md = MyDict(a=1)
print(md["a"], md["zz"], md)
