# str.encode and bytes.decode: utf-8, ascii, latin-1, error handlers, CPython's Unicode errors.
s = 'héllo wörld €😀'
u = s.encode()
print(u, len(u), u.decode(), u.decode('utf-8') == s, s.encode('utf8') == u, s.encode(encoding='UTF-8') == u)
print('abc'.encode('ascii'), 'été'.encode('latin-1'), b'\xe9t\xe9'.decode('latin-1'), b'caf\xc3\xa9'.decode())
print('aé€'.encode('ascii', 'replace'), 'aé€'.encode('ascii', 'ignore'), 'aé€'.encode('ascii', 'backslashreplace'))
print('aé€'.encode('ascii', 'xmlcharrefreplace'), 'a€'.encode('latin-1', errors='replace'))
print(b'a\xff\xfeb'.decode('utf-8', 'replace'), b'a\xe2\x82b\xff'.decode('utf-8', 'replace'))
print(b'a\xe2\x82b\xff'.decode('utf-8', 'ignore'), b'a\xe2\x82b\xff'.decode('utf-8', 'backslashreplace'))
print(b'a\xffb'.decode('ascii', 'replace'), b'abc'.decode(encoding='ascii', errors='strict'))
print('x'.encode('us-ascii'), 'x'.encode('Latin1'), 'é'.encode('iso-8859-1'), b'x'.decode('UTF8'))
for data in [b'\xff', b'a\xc3', b'\xc3\x28', b'\xe2\x82', b'\xe2\x82\x28', b'\xed\xa0\x80', b'\xc0\x80',
             b'\xf4\x90\x80\x80', b'\xe0\x80', b'ok \xf0\x9f\x98']:
    try:
        data.decode()
    except UnicodeDecodeError as e:
        print('UnicodeDecodeError:', e)
for data, enc in [(b'\xffab', 'ascii'), (b'a\xff\xfeb', 'ascii')]:
    try:
        data.decode(enc)
    except UnicodeError as e:
        print(type(e).__name__ + ':', e)
for text, enc in [('aé€', 'ascii'), ('aéé', 'ascii'), ('é', 'ascii'), ('a€', 'latin-1'), ('a😀', 'latin-1')]:
    try:
        text.encode(enc)
    except UnicodeEncodeError as e:
        print('UnicodeEncodeError:', e)
try:
    b'\xff'.decode()
except UnicodeDecodeError as e:
    print(e.encoding, e.object, e.start, e.end, e.reason, e.args)
    print(isinstance(e, UnicodeError), isinstance(e, ValueError), type(e).__mro__)
try:
    'é'.encode('ascii')
except ValueError as e:
    print(e.encoding, e.object, e.start, e.end, e.reason, e.args)
for f in [lambda: 'a'.encode('bogus'), lambda: b'a'.decode('nope'), lambda: 'é'.encode('ascii', 'bogus'),
          lambda: b'\xff'.decode('utf-8', 'bogus'), lambda: 'a'.encode(1), lambda: b'a'.decode(errors=1),
          lambda: bytes.decode('x')]:
    try:
        print(f())
    except (LookupError, TypeError) as e:
        print(type(e).__name__ + ':', e)
print(b'x'.decode('utf-8', 'bogus'), 'x'.encode('ascii', 'bogus'))
e = UnicodeDecodeError('utf-8', b'ab', 0, 2, 'bad')
print(repr(e), str(e), e.start, e.reason)
print(str(UnicodeDecodeError('utf-8', b'ab', 1, 2, 'bad')), str(UnicodeEncodeError('ascii', 'ab', 1, 2, 'bad')))
try:
    raise UnicodeDecodeError('ascii', b'\x80', 0, 1, 'ordinal not in range(128)')
except ValueError as e:
    print('caught', e)
