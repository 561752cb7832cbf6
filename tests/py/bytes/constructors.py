# bytes(...) in each form, bytes.fromhex and .hex, with CPython's errors.
print(bytes(), bytes(0), bytes(3), bytes([65, 66, 67]), bytes((0, 255)), bytes(range(5)))
print(bytes(b'copy'), bytes('héllo', 'utf-8'), bytes('abc', 'ascii'), bytes('é', 'latin-1'))
print(bytes('é', encoding='utf-8'), bytes('aé', 'ascii', 'replace'), bytes(x for x in [104, 105]))
print(bytes(True), bytes(map(ord, 'xyz')), bytes({1: 'a'}), bytes(b'ab') is not None)
for args in [(-1,), ('x',), ([256],), ([-1],), (['a'],), (3.5,), (None,), (b'x', 'utf-8'),
             ('x', 'nope'), ('é', 'ascii'), (1, 2, 3, 4), (object(),)]:
    try:
        print(bytes(*args))
    except (TypeError, ValueError, LookupError) as e:
        print(type(e).__name__ + ':', e)
try:
    bytes(x=1)
except TypeError as e:
    print('TypeError:', e)
print(b'\x00\x0f\xab\xff'.hex(), b''.hex(), b'abc'.hex(':'), b'abcdef'.hex('-', 2), b'abcde'.hex(' ', -2))
print(bytes.fromhex('00 0f ab FF'), bytes.fromhex(''), bytes.fromhex('  61 62  '))
for s in ['0g', '0', 'abc', 1]:
    try:
        print(bytes.fromhex(s))
    except (TypeError, ValueError) as e:
        print(type(e).__name__ + ':', e)
print(bytes.fromhex(b'hi'.hex()) == b'hi')
