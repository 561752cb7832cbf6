# bytes literals in every escape form, their reprs (quote choice, escapes), type and equality.
print(b"abc", b'abc', b'', b"")
print(b'\x00\x01\x7f\x80\xff', b'\t\n\r\\', b'\a\b\f\v', b'\0\7\101\377')
print(b'it\'s', b"it's", b'say "hi"', b'both \' and "', b"x\"y'z")
print(br'\n\x00', rb'raw\d', b'a' b'b' b'c', b'\
continued')
print(b'\N{DASH}' if False else b'\\N{...} is not an escape in bytes')
print(repr(b'a'), str(b'a'), f"{b'x'}", f"{b'x'!r}", '%s %r' % (b'y', b'z'))
print(type(b''), type(b'') is bytes, isinstance(b'', bytes), bytes)
print(isinstance(b'x', (str, bytes)), isinstance('x', bytes), issubclass(bytes, object))
print(b'abc' == b'abc', b'abc' != b'abd', b'abc' == 'abc', 'abc' == b'abc', b'' == b'')
print(b'a' < b'b', b'ab' < b'a', b'ab' > b'a', b'abc' <= b'abc', b'b' >= b'abc', b'' < b'\x00')
print(sorted([b'b', b'a', b'ab', b'', b'\xff', b'A']))
print(max(b'hello'), min(b'hello'), sum(b'\x01\x02\x03'))
d = {b'key': 1, b'other': 2}
d[b'k' + b'ey'] += 10
print(d, b'key' in d, 'key' in d, hash(b'abc') == hash(b'abc'), hash(b'x') == hash(bytes([120])))
print({b'a', b'a', b'b'} == {b'b', b'a'}, len({b'1', b'1', bytes(1)}))
print(bool(b''), bool(b'\x00'), b'' or 'empty', b'x' and 'yes')
for lit in [b'\'', b'"', b'\'"', b'\\x41', b'\x41', b'\u00e9', b'caf\xc3\xa9']:
    print(repr(lit), len(lit))
