# bytes and ints: int.to_bytes / int.from_bytes, ord of a byte; str(bytes, encoding).
def attempt(f):
    try:
        print(repr(f()))
    except (TypeError, ValueError, OverflowError) as e:
        print(type(e).__name__ + ":", e)


for f in [lambda: (1024).to_bytes(2, 'big'), lambda: (1024).to_bytes(2, byteorder='little'),
          lambda: (5).to_bytes(), lambda: (0).to_bytes(3, 'big'), lambda: (1024).to_bytes(),
          lambda: (-1).to_bytes(2, 'big', signed=True), lambda: (-129).to_bytes(2, 'little', signed=True),
          lambda: (-1).to_bytes(2, 'big'), lambda: (70000).to_bytes(2, 'big'),
          lambda: (1).to_bytes(2, 'middle'), lambda: (1).to_bytes(-1, 'big'),
          lambda: (2**70).to_bytes(10, 'big'), lambda: (255).to_bytes(1, 'big', signed=True),
          lambda: int.from_bytes(b'\x04\x00', 'big'), lambda: int.from_bytes(b'\x04\x00', 'little'),
          lambda: int.from_bytes(b'\xff\xff', 'big', signed=True), lambda: int.from_bytes(b'\xff\xff'),
          lambda: int.from_bytes([1, 2], 'big'), lambda: int.from_bytes('ab', 'big'),
          lambda: int.from_bytes(b'\x01' * 12, 'big'), lambda: int.from_bytes(b'', 'big'),
          lambda: int.from_bytes(b'\x80', 'little', signed=True), lambda: bool.from_bytes(b'\x01', 'big'),
          lambda: ord(b'a'), lambda: ord(b'ab'), lambda: ord(b''), lambda: [ord(c) for c in 'ab'],
          lambda: str(b'abc', 'ascii'), lambda: str(b'caf\xc3\xa9', encoding='utf-8'),
          lambda: str(b'\xff', 'utf-8', 'replace'), lambda: str(b'\xff', errors='replace'),
          lambda: str('abc', 'utf-8'), lambda: str(3, 'utf-8'), lambda: str(b'x', 1), lambda: str(b'x')]:
    attempt(f)
n = 0x1234_5678_9abc
for order in ['big', 'little']:
    b = n.to_bytes(8, order)
    print(order, b.hex(), int.from_bytes(b, order) == n)
