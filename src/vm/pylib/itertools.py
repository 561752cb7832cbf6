"""Functions creating iterators for efficient looping."""

# Functions that must validate or snapshot their arguments eagerly (like
# CPython) do so in a plain function and hand the real work to a generator.

_MARKER = object()


def count(start=0, step=1):
    n = start
    while True:
        yield n
        n += step


def cycle(iterable):
    return _cycle(iter(iterable))


def _cycle(it):
    saved = []
    for element in it:
        yield element
        saved.append(element)
    if not saved:
        return
    while True:
        for element in saved:
            yield element


def repeat(object, times=None):
    if times is None:
        return _repeat_forever(object)
    return _repeat(object, times)


def _repeat_forever(obj):
    while True:
        yield obj


def _repeat(obj, times):
    for _ in range(times):
        yield obj


def _add(a, b):
    return a + b


def accumulate(iterable, func=None, *, initial=None):
    return _accumulate(iter(iterable), _add if func is None else func, initial)


def _accumulate(it, func, total):
    if total is None:
        total = next(it, _MARKER)
        if total is _MARKER:
            return
    yield total
    for element in it:
        total = func(total, element)
        yield total


class chain:
    """chain(*iterables) yields the items of each iterable in turn."""

    def __init__(self, *iterables):
        self._gen = _chain(iter(iterables))

    @classmethod
    def from_iterable(cls, iterable):
        obj = cls()
        obj._gen = _chain(iter(iterable))
        return obj

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._gen)


def _chain(iterables):
    for iterable in iterables:
        yield from iterable


def compress(data, selectors):
    return _compress(iter(data), iter(selectors))


def _compress(data, selectors):
    for d, s in zip(data, selectors):
        if s:
            yield d


def dropwhile(predicate, iterable):
    return _dropwhile(predicate, iter(iterable))


def _dropwhile(predicate, it):
    for x in it:
        if not predicate(x):
            yield x
            break
    yield from it


def takewhile(predicate, iterable):
    return _takewhile(predicate, iter(iterable))


def _takewhile(predicate, it):
    for x in it:
        if not predicate(x):
            return
        yield x


def filterfalse(predicate, iterable):
    return _filterfalse(bool if predicate is None else predicate, iter(iterable))


def _filterfalse(predicate, it):
    for x in it:
        if not predicate(x):
            yield x


class groupby:
    """groupby(iterable, key=None) yields (key, group) pairs for runs of
    consecutive elements with equal keys. Groups share the source iterator:
    advancing to the next key empties the previous group."""

    def __init__(self, iterable, key=None):
        self._it = iter(iterable)
        self._keyfunc = key
        self._tgtkey = _MARKER      # key of the group handed out last
        self._currkey = _MARKER     # key of the element at hand
        self._currvalue = _MARKER   # element at hand (not yet yielded)
        self._current = None        # token identifying the live group

    def __iter__(self):
        return self

    def _step(self):
        value = next(self._it)
        self._currkey = value if self._keyfunc is None else self._keyfunc(value)
        self._currvalue = value

    def __next__(self):
        self._current = None
        while True:
            if self._currkey is _MARKER:
                self._step()
            elif self._tgtkey is _MARKER or not (self._tgtkey == self._currkey):
                break
            else:
                self._step()
        self._tgtkey = self._currkey
        token = self._current = object()
        return self._currkey, self._group(token, self._tgtkey)

    def _group(self, token, key):
        while self._current is token:
            if self._currvalue is _MARKER:
                try:
                    self._step()
                except StopIteration:
                    return
            if not (key == self._currkey):
                return
            value = self._currvalue
            self._currvalue = _MARKER
            yield value


def islice(iterable, *args):
    if len(args) == 1:
        start, stop, step = None, args[0], None
    elif len(args) in (2, 3):
        start, stop = args[0], args[1]
        step = args[2] if len(args) == 3 else None
    else:
        raise TypeError(f'islice expected at most 4 arguments, got {len(args) + 1}'
                        if args else 'islice expected at least 2 arguments, got 1')
    if stop is not None and (not isinstance(stop, int) or (len(args) == 1 and stop < 0)):
        raise ValueError('Stop argument for islice() must be None or an integer: '
                         '0 <= x <= sys.maxsize.')
    for value in (start, stop):
        if value is not None and (not isinstance(value, int) or value < 0):
            raise ValueError('Indices for islice() must be None or an integer: '
                             '0 <= x <= sys.maxsize.')
    if step is not None and (not isinstance(step, int) or step < 1):
        raise ValueError('Step for islice() must be a positive integer or None.')
    return _islice(iter(iterable), start or 0, stop, step or 1)


def _islice(it, nexti, stop, step):
    # Mirrors CPython: skip up to the next wanted index, then check stop.
    i = 0
    while True:
        while i < nexti:
            if next(it, _MARKER) is _MARKER:
                return
            i += 1
        if stop is not None and i >= stop:
            return
        item = next(it, _MARKER)
        if item is _MARKER:
            return
        i += 1
        nexti += step
        if stop is not None and nexti > stop:
            nexti = stop
        yield item


def starmap(function, iterable):
    return _starmap(function, iter(iterable))


def _starmap(function, it):
    for args in it:
        yield function(*args)


def tee(iterable, n=2):
    if n < 0:
        raise ValueError('n must be >= 0')
    it = iter(iterable)
    # A shared singly linked list of [value, next_link]; each copy keeps its
    # own position in it and fetches from `it` when it reaches the end.
    head = [None, None]
    return tuple([_tee(it, head) for _ in range(n)])


def _tee(it, link):
    while True:
        if link[1] is None:
            value = next(it, _MARKER)
            if value is _MARKER:
                return
            if link[1] is None:
                link[0] = value
                link[1] = [None, None]
        value = link[0]
        link = link[1]
        yield value


def zip_longest(*iterables, fillvalue=None):
    return _zip_longest([iter(x) for x in iterables], fillvalue)


def _zip_longest(iterators, fillvalue):
    active = len(iterators)
    if not active:
        return
    while True:
        values = []
        for i, it in enumerate(iterators):
            if it is None:
                values.append(fillvalue)
                continue
            value = next(it, _MARKER)
            if value is _MARKER:
                active -= 1
                if not active:
                    return
                iterators[i] = None
                value = fillvalue
            values.append(value)
        yield tuple(values)


def product(*iterables, repeat=1):
    if repeat < 0:
        raise ValueError('repeat argument cannot be negative')
    pools = [tuple(pool) for pool in iterables] * repeat
    return _product(pools)


def _product(pools):
    for pool in pools:
        if not pool:
            return
    indices = [0] * len(pools)
    while True:
        yield tuple([pool[i] for pool, i in zip(pools, indices)])
        # advance the odometer, rightmost wheel first
        k = len(pools) - 1
        while k >= 0:
            indices[k] += 1
            if indices[k] < len(pools[k]):
                break
            indices[k] = 0
            k -= 1
        if k < 0:
            return


def permutations(iterable, r=None):
    pool = tuple(iterable)
    if r is None:
        r = len(pool)
    if r < 0:
        raise ValueError('r must be non-negative')
    return _permutations(pool, r)


def _permutations(pool, r):
    n = len(pool)
    if r > n:
        return
    # depth-first over positions, choosing unused indices in increasing order
    used = [False] * n
    chosen = []

    def extend():
        if len(chosen) == r:
            yield tuple([pool[i] for i in chosen])
            return
        for i in range(n):
            if not used[i]:
                used[i] = True
                chosen.append(i)
                yield from extend()
                chosen.pop()
                used[i] = False

    yield from extend()


def combinations(iterable, r):
    pool = tuple(iterable)
    if r < 0:
        raise ValueError('r must be non-negative')
    return _combinations(pool, r, False)


def combinations_with_replacement(iterable, r):
    pool = tuple(iterable)
    if r < 0:
        raise ValueError('r must be non-negative')
    return _combinations(pool, r, True)


def _combinations(pool, r, replace):
    n = len(pool)
    if r == 0:
        yield ()
        return
    if n == 0 or (r > n and not replace):
        return
    # indices is non-decreasing (replace) or strictly increasing
    indices = [0] * r if replace else list(range(r))
    while True:
        yield tuple([pool[i] for i in indices])
        # find the rightmost index that can still move right
        k = r - 1
        while k >= 0:
            limit = n - 1 if replace else n - r + k
            if indices[k] < limit:
                break
            k -= 1
        if k < 0:
            return
        indices[k] += 1
        for j in range(k + 1, r):
            indices[j] = indices[k] if replace else indices[j - 1] + 1


def pairwise(iterable):
    return _pairwise(iter(iterable))


def _pairwise(it):
    a = next(it, _MARKER)
    if a is _MARKER:
        return
    for b in it:
        yield a, b
        a = b
