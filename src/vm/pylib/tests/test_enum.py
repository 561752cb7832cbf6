"""Compare pylib/enum.py with CPython's enum.

Iterating over / len() of / `in` on an enum class needs a metaclass in
CPython; gilsim's enum offers the classmethods __class_iter__, __class_len__
and __class_contains__ instead, which these tests call for the gilsim module."""

import copy
import os
import sys
import warnings
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _harness import load, main

import enum as real
mine = load('enum', deps=['operator'])
warnings.simplefilter('ignore', DeprecationWarning)


def members(m, cls):
    return list(cls) if m is real else list(cls.__class_iter__())


def length(m, cls):
    return len(cls) if m is real else cls.__class_len__()


def contains(m, cls, x):
    return (x in cls) if m is real else cls.__class_contains__(x)


def test_enum(m, p):
    class Color(m.Enum):
        RED = 1
        GREEN = 2
        BLUE = 3
        CRIMSON = 1     # alias

        def describe(self):
            return f'{self.name} is {self.value}'

        @property
        def lower(self):
            return self.name.lower()

        @classmethod
        def default(cls):
            return cls.GREEN

    r = Color.RED
    p(r, repr(r), str(r), f'{r}', f'{r:>12}|', r.name, r.value, type(r).__name__, isinstance(r, Color))
    p(Color(1), Color(2) is Color.GREEN, Color['BLUE'], Color.CRIMSON is Color.RED, Color(Color.RED))
    p(members(m, Color), length(m, Color), contains(m, Color, Color.RED), Color.__members__)
    p(r.describe(), r.lower, Color.default(), Color.RED == Color.RED, Color.RED != Color.GREEN,
      Color.RED == 1, hash(r) == hash(Color.RED), {Color.RED: 'r'}[Color.CRIMSON])
    p.call(lambda: Color(7))
    p.call(lambda: Color['PURPLE'])
    p.call(lambda: Color.RED < Color.GREEN)
    p(copy.copy(r) is r, copy.deepcopy([r])[0] is r, bool(r), Color._member_names_)

    def extend():
        class More(Color):
            PINK = 4
    p.call(extend)

    class Auto(m.Enum):
        A = m.auto()
        B = m.auto()
        C = 10
        D = m.auto()
    p(members(m, Auto), Auto.D.value)

    class Custom(m.Enum):
        def _generate_next_value_(name, start, count, last_values):
            return name * 2
        X = m.auto()
        Y = m.auto()
    p(members(m, Custom))

    class Planet(m.Enum):
        MERCURY = (3.3e23, 2.44e6)
        EARTH = (5.97e24, 6.37e6)

        def __init__(self, mass, radius):
            self.mass = mass
            self.radius = radius

        @property
        def gravity(self):
            return 6.673e-11 * self.mass / (self.radius * self.radius)
    p(Planet.EARTH.mass, Planet.EARTH.value, round(Planet.EARTH.gravity, 2), Planet((3.3e23, 2.44e6)),
      Planet((3.3e23, 2.44e6)).radius)

    class Missing(m.Enum):
        A = 'a'

        @classmethod
        def _missing_(cls, value):
            if isinstance(value, str) and value.lower() == 'a':
                return cls.A
            return None
    p(Missing('A'))
    p.call(lambda: Missing('b'))

    class Weird(m.Enum):
        _x = 1
        y = 2
        __z__ = 3
        lst = [1]
    p(members(m, Weird), Weird([1]))

    def dup():
        @m.unique
        class U(m.Enum):
            A = 1
            B = 1
    p.call(dup)

    @m.unique
    class Fine(m.Enum):
        A = 1
    p(Fine.A)


def test_functional(m, p):
    Col = m.Enum('Col', 'R G B')
    p(members(m, Col), Col.G.value, Col(3), Col.__name__)
    p(members(m, m.Enum('X', 'a, b', start=0)), members(m, m.Enum('Y', [('p', 'P'), ('q', 'Q')])),
      members(m, m.Enum('Z', {'one': 1})), members(m, m.Enum('L', ['u', 'v'])))
    I = m.IntEnum('I', 'ONE TWO')
    p(I.TWO + 1, repr(I.ONE))


def test_intenum(m, p):
    class Num(m.IntEnum):
        ONE = 1
        TWO = 2
        FOUR = 4
        STR = '8'

    o = Num.ONE
    p(o, repr(o), str(o), f'{o}', f'{o:>3}|', f'{Num.FOUR:04d}', o.name, o.value, Num.STR.value)
    p(o == 1, 1 == o, o != 2, o < Num.TWO, o < 3, 3 > o, Num.TWO >= 2, o + 1, 1 + o, o * 5, Num.FOUR // Num.TWO,
      Num.FOUR / 2, 7 % Num.FOUR, -o, abs(-o), Num.TWO ** 3, Num.ONE | Num.TWO, Num.FOUR & 4, o << 3, ~o)
    p(int(o), float(o), bool(o), hash(o) == hash(1), {1: 'x'}[o], Num(2), Num(True), sorted([Num.FOUR, Num.ONE, 3]))
    p(members(m, Num), length(m, Num), contains(m, Num, Num.TWO), ['a', 'b', 'c'][Num.TWO] if m is real else 'c')
    p.call(lambda: contains(m, Num, 2))
    p.call(lambda: Num(3))

    class Zero(m.IntEnum):
        Z = 0
        A = m.auto()
    p(bool(Zero.Z), Zero.A.value)


def test_strenum(m, p):
    class S(m.StrEnum):
        A = m.auto()
        BEE = 'bee'

    p(repr(S.A), str(S.BEE), f'{S.BEE}', f'{S.BEE:>5}', S.A == 'a', S.BEE + '!', 'x' + S.A,
      S('bee'), S.BEE.upper(), S.BEE.startswith('b'), len(S.BEE), hash(S.A) == hash('a'), 'e' in S.BEE)

    def bad():
        class S2(m.StrEnum):
            A = 1
    p.call(bad)


main([
    ('Enum', test_enum, real, mine),
    ('functional', test_functional, real, mine),
    ('IntEnum', test_intenum, real, mine),
    ('StrEnum', test_strenum, real, mine),
])
