"""Heap queue (priority queue) algorithms on plain lists (min-heaps)."""

__all__ = ['heappush', 'heappop', 'heapify', 'heapreplace', 'heappushpop',
           'merge', 'nlargest', 'nsmallest']

# The heap invariant: heap[k] <= heap[2*k+1] and heap[k] <= heap[2*k+2].
# Only `<` is used to compare items. The sifting strategy is the classic
# "bottom-up" one (walk the hole down to a leaf, then bubble the item up),
# so the list layouts produced are the same as CPython's.


def _bubble_up(heap, start, pos):
    """Move heap[pos] towards the root (not above index `start`)."""
    item = heap[pos]
    while pos > start:
        parent = (pos - 1) >> 1
        if item < heap[parent]:
            heap[pos] = heap[parent]
            pos = parent
        else:
            break
    heap[pos] = item


def _sink(heap, pos):
    """Re-establish the invariant below `pos` after heap[pos] was replaced."""
    end = len(heap)
    start = pos
    item = heap[pos]
    child = 2 * pos + 1
    while child < end:
        right = child + 1
        if right < end and not heap[child] < heap[right]:
            child = right
        heap[pos] = heap[child]
        pos = child
        child = 2 * pos + 1
    heap[pos] = item
    _bubble_up(heap, start, pos)


def heappush(heap, item):
    heap.append(item)
    _bubble_up(heap, 0, len(heap) - 1)


def heappop(heap):
    if not heap:
        raise IndexError('index out of range')
    last = heap.pop()
    if not heap:
        return last
    top = heap[0]
    heap[0] = last
    _sink(heap, 0)
    return top


def heapreplace(heap, item):
    if not heap:
        raise IndexError('index out of range')
    top = heap[0]
    heap[0] = item
    _sink(heap, 0)
    return top


def heappushpop(heap, item):
    if heap and heap[0] < item:
        item, heap[0] = heap[0], item
        _sink(heap, 0)
    return item


def heapify(heap):
    for i in reversed(range(len(heap) // 2)):
        _sink(heap, i)


def nsmallest(n, iterable, key=None):
    """The n smallest items, like sorted(iterable, key=key)[:n]."""
    return sorted(iterable, key=key)[:max(n, 0)]


def nlargest(n, iterable, key=None):
    """The n largest items, like sorted(iterable, key=key, reverse=True)[:n]."""
    return sorted(iterable, key=key, reverse=True)[:max(n, 0)]


def merge(*iterables, key=None, reverse=False):
    """Lazily merge sorted iterables; ties go to the earlier iterable."""
    iterators = [iter(it) for it in iterables]
    return _merge(iterators, key, reverse)


def _merge(iterators, key, reverse):
    # heads[i] = [sort key, value] of the next item of iterators[i]
    heads = []
    live = []
    for it in iterators:
        for value in it:
            heads.append([value if key is None else key(value), value])
            live.append(it)
            break
    while heads:
        best = 0
        for i in range(1, len(heads)):
            k = heads[i][0]
            if (heads[best][0] < k) if reverse else (k < heads[best][0]):
                best = i
        yield heads[best][1]
        for value in live[best]:
            heads[best] = [value if key is None else key(value), value]
            break
        else:
            del heads[best]
            del live[best]
