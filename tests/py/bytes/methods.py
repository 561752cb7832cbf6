# The methods of bytes: search, split/join, strip, case, predicates, splitlines, partition.
b = b'hello world, hello bytes'
print(b.find(b'hello'), b.find(b'hello', 1), b.find(b'zzz'), b.find(111), b.find(b'o', -5), b.find(b''))
print(b.rfind(b'hello'), b.rfind(b'o', 0, 10), b.index(b'world'), b.rindex(108), b.count(b'l'), b.count(b'hello', 5))
print(b.count(b''), b'aaaa'.count(b'aa'), b.startswith(b'hello'), b.startswith(b'world', 6), b.endswith(b'bytes'))
print(b.startswith((b'x', b'he')), b.endswith((b'x', b'y')), b.startswith(b''), b.endswith(b'hello', 0, 5))
print(b.replace(b'hello', b'bye'), b.replace(b'l', b'L', 2), b'abc'.replace(b'', b'-'), b.replace(b'zz', b''))
print(b.split(), b.split(b', '), b.split(b'l', 2), b'a,,b,'.split(b','), b'  a  b  '.split(), b'  a  b  '.split(None, 1))
print(b.rsplit(b' ', 1), b'  a  b  '.rsplit(None, 1), b'a-b-c'.rsplit(b'-', 1), b''.split(), b''.split(b','))
print(b', '.join([b'a', b'b', b'c']), b''.join([]), b'-'.join(x for x in [b'x', b'y']))
print(b'  pad \t\n'.strip(), b'xxaxx'.strip(b'x'), b'xxaxx'.lstrip(b'x'), b'xxaxx'.rstrip(b'x'), b'\x00a\x00'.strip(b'\x00'))
print(b'Hello World 123'.upper(), b'Hello World 123'.lower(), b'AbC'.swapcase(), b'caf\xc3\xa9'.upper())
print(b'123'.isdigit(), b'12a'.isdigit(), b''.isdigit(), b'abc'.isalpha(), b'ab1'.isalpha(), b'\xe9'.isalpha())
print(b'ab12'.isalnum(), b' \t\n'.isspace(), b'ABC'.isupper(), b'abc'.islower(), b'a1'.islower(), b'\x80'.isascii())
print(b'a\nb\r\nc\rd'.splitlines(), b'a\nb\r\nc\rd\n'.splitlines(True), b''.splitlines(), b'x\n\n'.splitlines(keepends=True))
print(b'key=value=x'.partition(b'='), b'key=value=x'.rpartition(b'='), b'nosep'.partition(b'='), b'nosep'.rpartition(b'='))
print(b'prefix-body'.removeprefix(b'prefix-'), b'body.txt'.removesuffix(b'.txt'), b'x'.removeprefix(b'y'))
for f in [lambda: b.index(b'zzz'), lambda: b.rindex(b'zzz'), lambda: b.find('o'), lambda: b.find(300),
          lambda: b.split(b''), lambda: b.split('o'), lambda: b.join(['a']), lambda: b.join([b'a', 1]),
          lambda: b.strip('h'), lambda: b.startswith('h'), lambda: b.startswith(['h']),
          lambda: b.replace(b'o'), lambda: b.replace('o', 'x'), lambda: b.upper(1), lambda: b.count(),
          lambda: b.partition(b''), lambda: bytes.upper('x')]:
    try:
        print(f())
    except (TypeError, ValueError) as e:
        print(type(e).__name__ + ':', e)
