"""deque, the double-ended queue (CPython's is the C module _collections; collections
re-exports it)."""

import _gilsim

_repr_running = set()


class deque:
    """Double-ended queue. Items live in a dict keyed by consecutive ints,
    between self._left (inclusive) and self._right (exclusive)."""

    __module__ = 'collections'

    def __init__(self, iterable=(), maxlen=None):
        if maxlen is not None:
            if not isinstance(maxlen, int):
                raise TypeError('an integer is required')
            if maxlen < 0:
                raise ValueError('maxlen must be non-negative')
        self._maxlen = maxlen
        self._data = {}
        self._left = 0
        self._right = 0
        self._state = 0          # bumped on every mutation
        self.extend(iterable)

    __class_getitem__ = classmethod(_gilsim.class_getitem)

    @property
    def maxlen(self):
        return self._maxlen

    def __len__(self):
        return self._right - self._left

    def __bool__(self):
        return self._right != self._left

    # -- adding and removing at the ends --------------------------------------

    def append(self, x):
        if self._maxlen == 0:
            return
        if self._right - self._left == self._maxlen:
            self._pop_left()
        self._data[self._right] = x
        self._right += 1
        self._state += 1

    def appendleft(self, x):
        if self._maxlen == 0:
            return
        if self._right - self._left == self._maxlen:
            self._pop_right()
        self._left -= 1
        self._data[self._left] = x
        self._state += 1

    def _pop_left(self):
        x = self._data.pop(self._left)
        self._left += 1
        self._state += 1
        return x

    def _pop_right(self):
        self._right -= 1
        self._state += 1
        return self._data.pop(self._right)

    def pop(self):
        if self._right == self._left:
            raise IndexError('pop from an empty deque')
        return self._pop_right()

    def popleft(self):
        if self._right == self._left:
            raise IndexError('pop from an empty deque')
        return self._pop_left()

    def extend(self, iterable):
        if iterable is self:
            iterable = list(iterable)
        for x in iterable:
            self.append(x)

    def extendleft(self, iterable):
        if iterable is self:
            iterable = list(iterable)
        for x in iterable:
            self.appendleft(x)

    def clear(self):
        self._data = {}
        self._left = self._right = 0
        self._state += 1

    def rotate(self, n=1):
        size = len(self)
        if size <= 1:
            return
        n %= size
        if n > size // 2:
            for _ in range(size - n):
                self.append(self._pop_left())
        else:
            for _ in range(n):
                self.appendleft(self._pop_right())

    # -- sequence behaviour ----------------------------------------------------

    def _index(self, i):
        if not isinstance(i, int):
            raise TypeError(f'sequence index must be integer, not {type(i).__name__!r}')
        size = len(self)
        if i < 0:
            i += size
        if i < 0 or i >= size:
            raise IndexError('deque index out of range')
        return self._left + i

    def __getitem__(self, i):
        return self._data[self._index(i)]

    def __setitem__(self, i, x):
        self._data[self._index(i)] = x

    def __delitem__(self, i):
        self._index(i)
        size = len(self)
        if i < 0:
            i += size
        self.rotate(-i)
        self._pop_left()
        self.rotate(i)

    def __iter__(self):
        state = self._state
        for i in range(self._left, self._right):
            if self._state != state:
                raise RuntimeError('deque mutated during iteration')
            yield self._data[i]
        if self._state != state:
            raise RuntimeError('deque mutated during iteration')

    def __reversed__(self):
        state = self._state
        for i in range(self._right - 1, self._left - 1, -1):
            if self._state != state:
                raise RuntimeError('deque mutated during iteration')
            yield self._data[i]

    def __contains__(self, x):
        for item in self:
            if item is x or item == x:
                return True
        return False

    def count(self, x):
        n = 0
        for item in self:
            if item is x or item == x:
                n += 1
        return n

    def index(self, x, start=0, stop=None):
        size = len(self)
        if stop is None or stop > size:
            stop = size
        if start < 0:
            start = max(start + size, 0)
        if stop < 0:
            stop += size
        for i in range(start, stop):
            item = self._data[self._left + i]
            if item is x or item == x:
                return i
        raise ValueError(f'{x!r} is not in deque')

    def remove(self, x):
        i = self.index(x)
        del self[i]

    def insert(self, i, x):
        size = len(self)
        if size == self._maxlen:
            raise IndexError('deque already at its maximum size')
        if i < 0:
            i = max(i + size, 0)
        if i > size:
            i = size
        self.rotate(-i)
        self.appendleft(x)
        self.rotate(i)

    def reverse(self):
        items = list(self)
        self.clear()
        self.extendleft(items)

    def copy(self):
        return type(self)(self, self._maxlen)

    __copy__ = copy

    # -- operators -------------------------------------------------------------

    def __repr__(self):
        if id(self) in _repr_running:
            return '[...]'
        _repr_running.add(id(self))
        try:
            items = ', '.join([repr(x) for x in self])
        finally:
            _repr_running.discard(id(self))
        name = type(self).__name__
        if self._maxlen is None:
            return f'{name}([{items}])'
        return f'{name}([{items}], maxlen={self._maxlen})'

    def __eq__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return list(self) == list(other)

    def __ne__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return list(self) != list(other)

    def __lt__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return list(self) < list(other)

    def __le__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return list(self) <= list(other)

    def __gt__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return list(self) > list(other)

    def __ge__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return list(self) >= list(other)

    __hash__ = None

    def __add__(self, other):
        if not isinstance(other, deque):
            raise TypeError(f'can only concatenate deque (not "{type(other).__name__}") to deque')
        result = self.copy()
        result.extend(other)
        return result

    def __iadd__(self, other):
        self.extend(other)
        return self

    def __mul__(self, n):
        result = type(self)((), self._maxlen)
        items = list(self)
        for _ in range(n):
            result.extend(items)
        return result

    __rmul__ = __mul__

    def __imul__(self, n):
        items = list(self)
        self.clear()
        for _ in range(n):
            self.extend(items)
        return self


# ids of the containers whose repr is being computed (for recursive containers)
