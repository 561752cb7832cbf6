"""Compare pylib/string.py with CPython's string."""

import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _harness import load, main

import string as real
mine = load('string')


def test_constants(m, p):
    for name in ['ascii_letters', 'ascii_lowercase', 'ascii_uppercase', 'digits', 'hexdigits',
                 'octdigits', 'punctuation', 'whitespace', 'printable']:
        p(name, repr(getattr(m, name)))
    p(m.capwords('hello   big  world'), m.capwords(' a-b c-d ', '-'), m.capwords(''), m.capwords('aBC dEF'))


main([('string', test_constants, real, mine)])
