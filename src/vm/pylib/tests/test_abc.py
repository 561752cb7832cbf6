"""Compare pylib/abc.py with CPython's abc."""

import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _harness import load, main

import abc as real
mine = load('abc')


def test_abc(m, p):
    class Shape(m.ABC):
        @m.abstractmethod
        def area(self):
            ...

        @m.abstractmethod
        def name(self):
            ...

        def describe(self):
            return f'{self.name()} with area {self.area()}'

    class Half(Shape):
        def area(self):
            return 1

    class Square(Half):
        def __init__(self, side):
            self.side = side

        def area(self):
            return self.side ** 2

        def name(self):
            return 'square'

    p.call(lambda: Shape())
    p.call(lambda: Half())
    sq = Square(3)
    p(sq.describe(), isinstance(sq, Shape), isinstance(sq, m.ABC), sorted(Shape.__abstractmethods__),
      sorted(Half.__abstractmethods__), Square.__abstractmethods__, m.ABC.__abstractmethods__)

    class Props(m.ABC):
        @property
        @m.abstractmethod
        def value(self):
            ...

        @staticmethod
        @m.abstractmethod
        def make():
            ...

        @classmethod
        @m.abstractmethod
        def build(cls):
            ...
    p.call(lambda: Props())

    class Concrete(Props):
        @property
        def value(self):
            return 5

        @staticmethod
        def make():
            return 'made'

        @classmethod
        def build(cls):
            return cls.__name__
    c = Concrete()
    p(c.value, c.make(), Concrete.build())

    class NoAbstract(m.ABC):
        def f(self):
            return 'ok'
    p(NoAbstract().f(), m.ABC() is not None)

    class WithInit(m.ABC):
        def __init__(self, a, b=2):
            self.a, self.b = a, b
    w = WithInit(1, b=3)
    p(w.a, w.b)

    def f():
        pass
    p(m.abstractmethod(f) is f, f.__isabstractmethod__)


main([('abc', test_abc, real, mine)])
