"""multiprocessing.Pool on gilsim: worker processes fed through queues, as CPython's
multiprocessing/pool.py does, with a result-handler thread in the parent.

"""

import itertools
import os
import queue
import threading
import _gilsim
import multiprocessing as _mp

RUN = 0
CLOSE = 1
TERMINATE = 2

_job_counter = [0]


def _next_job():
    _job_counter[0] += 1
    return _job_counter[0]


def _mapstar(args):
    return list(map(*args))


def _starmapstar(args):
    return list(itertools.starmap(args[0], args[1]))


def _worker(inqueue, outqueue, initializer=None, initargs=()):
    if initializer is not None:
        initializer(*initargs)
    while True:
        task = inqueue.get()
        if task is None:
            break
        job, i, func, args, kwds = task
        try:
            result = (True, func(*args, **kwds))
        except Exception as e:
            result = (False, e)
        outqueue.put((job, i, result))


class ApplyResult:
    __class_getitem__ = classmethod(_gilsim.class_getitem)

    def __init__(self, pool, callback=None, error_callback=None):
        self._pool = pool
        self._event = threading.Event()
        self._job = _next_job()
        self._callback = callback
        self._error_callback = error_callback
        pool._cache[self._job] = self

    def ready(self):
        return self._event.is_set()

    def successful(self):
        if not self.ready():
            raise ValueError("{0!r} not ready".format(self))
        return self._success

    def wait(self, timeout=None):
        self._event.wait(timeout)

    def get(self, timeout=None):
        self.wait(timeout)
        if not self.ready():
            raise _mp.TimeoutError
        if self._success:
            return self._value
        raise self._value

    def _set(self, i, obj):
        self._success, self._value = obj
        if self._callback and self._success:
            self._callback(self._value)
        if self._error_callback and not self._success:
            self._error_callback(self._value)
        self._event.set()
        del self._pool._cache[self._job]


AsyncResult = ApplyResult


class MapResult(ApplyResult):
    def __init__(self, pool, chunksize, length, callback=None, error_callback=None):
        ApplyResult.__init__(self, pool, callback, error_callback)
        self._success = True
        self._value = [None] * length
        self._chunksize = chunksize
        if chunksize <= 0:
            self._number_left = 0
            self._event.set()
            del pool._cache[self._job]
        else:
            self._number_left = length // chunksize + bool(length % chunksize)

    def _set(self, i, success_result):
        self._number_left -= 1
        success, result = success_result
        if success and self._success:
            self._value[i * self._chunksize:(i + 1) * self._chunksize] = result
            if self._number_left == 0:
                if self._callback:
                    self._callback(self._value)
                del self._pool._cache[self._job]
                self._event.set()
        else:
            if self._success:
                self._success = False
                self._value = result
                if self._error_callback:
                    self._error_callback(self._value)
            if self._number_left == 0:
                del self._pool._cache[self._job]
                self._event.set()


class IMapIterator:
    def __init__(self, pool, ordered):
        self._pool = pool
        self._ordered = ordered
        self._cond = threading.Condition(threading.Lock())
        self._job = _next_job()
        self._items = []
        self._unsorted = {}
        self._index = 0
        self._length = None
        pool._cache[self._job] = self

    def __iter__(self):
        return self

    def next(self, timeout=None):
        with self._cond:
            while not self._items:
                if self._index == self._length:
                    raise StopIteration
                self._cond.wait(timeout)
                if not self._items and self._index != self._length:
                    if timeout is not None:
                        raise _mp.TimeoutError
            success, value = self._items.pop(0)
        if success:
            return value
        raise value

    __next__ = next

    def _set(self, i, obj):
        with self._cond:
            if self._ordered:
                if self._index == i:
                    self._items.append(obj)
                    self._index += 1
                    while self._index in self._unsorted:
                        self._items.append(self._unsorted.pop(self._index))
                        self._index += 1
                else:
                    self._unsorted[i] = obj
            else:
                self._items.append(obj)
                self._index += 1
            self._cond.notify()
            if self._index == self._length:
                del self._pool._cache[self._job]

    def _set_length(self, length):
        with self._cond:
            self._length = length
            if self._index == self._length:
                self._cond.notify()
                del self._pool._cache[self._job]


class Pool:
    def __init__(self, processes=None, initializer=None, initargs=(), maxtasksperchild=None,
                 context=None):
        if processes is None:
            processes = os.cpu_count() or 1
        if processes < 1:
            raise ValueError("Number of processes must be at least 1")
        if initializer is not None and not callable(initializer):
            raise TypeError('initializer must be a callable')
        self._state = RUN
        self._cache = {}
        self._processes = processes
        self._inqueue = self._make_queue()
        self._outqueue = self._make_queue()
        self._pool = []
        for _ in range(processes):
            w = self._make_worker(initializer, initargs)
            w.daemon = True
            w.start()
            self._pool.append(w)
        self._result_handler = threading.Thread(target=self._handle_results, daemon=True)
        self._result_handler.start()

    def _make_queue(self):
        return _mp.SimpleQueue()

    def _make_worker(self, initializer, initargs):
        w = _mp.Process(target=_worker,
                        args=(self._inqueue, self._outqueue, initializer, initargs))
        w.name = w.name.replace('Process', 'ForkPoolWorker')
        return w

    def _handle_results(self):
        while True:
            item = self._outqueue.get()
            if item is None:
                return
            job, i, obj = item
            cache = self._cache.get(job)
            if cache is not None:
                cache._set(i, obj)

    def _check_running(self):
        if self._state != RUN:
            raise ValueError("Pool not running")

    def apply(self, func, args=(), kwds={}):
        return self.apply_async(func, args, kwds).get()

    def apply_async(self, func, args=(), kwds={}, callback=None, error_callback=None):
        self._check_running()
        result = ApplyResult(self, callback, error_callback)
        self._inqueue.put((result._job, 0, func, tuple(args), dict(kwds)))
        return result

    def _chunks(self, iterable, chunksize):
        items = list(iterable)
        if chunksize is None:
            chunksize, extra = divmod(len(items), len(self._pool) * 4)
            if extra:
                chunksize += 1
        if len(items) == 0:
            chunksize = 0
        return items, chunksize

    def _map_async(self, func, iterable, mapper, chunksize=None, callback=None,
                   error_callback=None):
        self._check_running()
        items, chunksize = self._chunks(iterable, chunksize)
        result = MapResult(self, chunksize, len(items), callback, error_callback)
        if chunksize:
            for i in range(0, (len(items) + chunksize - 1) // chunksize):
                chunk = tuple(items[i * chunksize:(i + 1) * chunksize])
                self._inqueue.put((result._job, i, mapper, ((func, chunk),), {}))
        return result

    def map(self, func, iterable, chunksize=None):
        return self._map_async(func, iterable, _mapstar, chunksize).get()

    def map_async(self, func, iterable, chunksize=None, callback=None, error_callback=None):
        return self._map_async(func, iterable, _mapstar, chunksize, callback, error_callback)

    def starmap(self, func, iterable, chunksize=None):
        return self._map_async(func, iterable, _starmapstar, chunksize).get()

    def starmap_async(self, func, iterable, chunksize=None, callback=None,
                      error_callback=None):
        return self._map_async(func, iterable, _starmapstar, chunksize, callback,
                               error_callback)

    def _imap(self, func, iterable, chunksize, ordered):
        self._check_running()
        if chunksize < 1:
            raise ValueError("Chunksize must be 1+, not {0:n}".format(chunksize))
        result = IMapIterator(self, ordered)
        items = list(iterable)
        n = 0
        for i in range(0, len(items), chunksize):
            if chunksize == 1:
                task = (result._job, n, func, (items[i],), {})
            else:
                task = (result._job, n, _mapstar, ((func, tuple(items[i:i + chunksize])),), {})
            self._inqueue.put(task)
            n += 1
        result._set_length(n)
        if chunksize == 1:
            return result
        return (item for chunk in result for item in chunk)

    def imap(self, func, iterable, chunksize=1):
        return self._imap(func, iterable, chunksize, True)

    def imap_unordered(self, func, iterable, chunksize=1):
        return self._imap(func, iterable, chunksize, False)

    def close(self):
        if self._state == RUN:
            self._state = CLOSE

    def terminate(self):
        self._state = TERMINATE
        self._stopped = True
        self._terminate_workers()
        for w in self._pool:
            w.join()
        self._outqueue.put(None)
        self._result_handler.join()

    def _terminate_workers(self):
        for w in self._pool:
            w.terminate()

    def _stop_workers(self):
        self._stopped = True
        for _ in self._pool:
            self._inqueue.put(None)

    def join(self):
        if self._state == RUN:
            raise ValueError("Pool is still running")
        if getattr(self, '_stopped', False):
            return
        self._stop_workers()
        for w in self._pool:
            w.join()
        self._outqueue.put(None)
        self._result_handler.join()

    def __enter__(self):
        self._check_running()
        return self

    def __exit__(self, *args):
        self.terminate()

    def __repr__(self):
        return '<multiprocessing.pool.Pool state=%s pool_size=%d>' % (
            ('RUN', 'CLOSE', 'TERMINATE')[self._state], len(self._pool))


class _ThreadWorker(threading.Thread):
    """multiprocessing.dummy's DummyProcess: a thread standing in for a worker process."""

    def terminate(self):
        pass


class ThreadPool(Pool):
    """multiprocessing.pool.ThreadPool: the Pool API on worker threads (one GIL, shared heap:
    nothing is pickled)."""

    def __init__(self, processes=None, initializer=None, initargs=()):
        Pool.__init__(self, processes, initializer, initargs)

    def _make_queue(self):
        return queue.SimpleQueue()

    def _make_worker(self, initializer, initargs):
        return _ThreadWorker(target=_worker,
                             args=(self._inqueue, self._outqueue, initializer, initargs))

    def _terminate_workers(self):
        # threads cannot be killed: each finishes its task and takes a sentinel
        for _ in self._pool:
            self._inqueue.put(None)
