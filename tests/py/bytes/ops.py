# bytes as a sequence: len, indexing (ints), slicing (bytes), iteration, membership, + and *.
b = b'hello world'
print(len(b), b[0], b[-1], b[4], type(b[0]).__name__)
print(b[1:4], b[:5], b[6:], b[::2], b[::-1], b[100:], b[-3:], b[3:1], b[1:10:3])
print(list(b'abc'), tuple(b'\x00\xff'), [x for x in b'hi'], list(reversed(b'ab')))
print(b'o' in b, b'wor' in b, b'xyz' in b, 111 in b, 0 in b, b'' in b)
print(b + b'!', b'' + b'', b'ab' * 3, 3 * b'ab', b'x' * 0, b'x' * -2, b'ab' * True)
x = b'a'
x += b'b'
x *= 2
print(x)
it = iter(b'xy')
print(next(it), next(it), next(it, 'done'))
print(enumerate(b'ab').__next__(), list(zip(b'ab', b'cd')), dict.fromkeys(b'aab'))
print(b'%s' if False else 'no % formatting needed')
try:
    b[11]
except IndexError as e:
    print('IndexError:', e)
for bad in ['x', 1.5, None]:
    try:
        b[bad]
    except TypeError as e:
        print('TypeError:', e)
for f in [lambda: b + 'x', lambda: b + 1, lambda: 'x' + b, lambda: b * 'x', lambda: b * 2.0,
          lambda: 'a' in b, lambda: 300 in b, lambda: -1 in b, lambda: b < 'x', lambda: b > 1]:
    try:
        print(f())
    except (TypeError, ValueError) as e:
        print(type(e).__name__ + ':', e)
try:
    b[0] = 1
except TypeError as e:
    print('TypeError:', e)
try:
    hash([b'x'])
except TypeError as e:
    print('TypeError:', e)
