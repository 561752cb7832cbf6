"""The loop's default executor: a small thread pool after concurrent.futures'
ThreadPoolExecutor (workers named `asyncio_0`, `asyncio_1`, ... started on demand, at most
min(32, os.cpu_count() + 4)), with the thread-safe future it hands out."""

import os
import queue
import threading


class _ThreadFuture:
    """A result another thread waits for (concurrent.futures.Future's core)."""

    def __init__(self):
        self._cond = threading.Condition()
        self._done = False
        self._result = None
        self._exception = None
        self._callbacks = []

    def done(self):
        return self._done

    def _set(self, result, exception):
        with self._cond:
            self._result = result
            self._exception = exception
            self._done = True
            self._cond.notify_all()
        for fn in self._callbacks:
            fn(self)

    def _copy_from(self, fut):
        """Take the outcome of an asyncio future (run_coroutine_threadsafe)."""
        if fut.cancelled():
            from asyncio.exceptions import CancelledError
            self._set(None, CancelledError())
        elif fut.exception() is not None:
            self._set(None, fut.exception())
        else:
            self._set(fut.result(), None)

    def add_done_callback(self, fn):
        with self._cond:
            if not self._done:
                self._callbacks.append(fn)
                return
        fn(self)

    def result(self, timeout=None):
        with self._cond:
            if not self._done:
                self._cond.wait(timeout)
            if not self._done:
                raise TimeoutError()
        if self._exception is not None:
            raise self._exception
        return self._result

    def exception(self, timeout=None):
        with self._cond:
            if not self._done:
                self._cond.wait(timeout)
            if not self._done:
                raise TimeoutError()
        return self._exception


def _worker(executor, work_queue):
    while True:
        work_item = work_queue.get(block=True)
        if work_item is not None:
            future, fn, args = work_item
            try:
                result = fn(*args)
            except BaseException as exc:
                future._set(None, exc)
            else:
                future._set(result, None)
            # Delete references to objects. See issue16284
            del work_item, future, fn, args
            executor._idle_semaphore.release()
            continue
        # None: the executor shuts down; tell the other workers too
        work_queue.put(None)
        return


class ThreadPoolExecutor:
    """Run calls on a pool of threads."""

    __module__ = 'concurrent.futures.thread'

    def __init__(self, max_workers=None, thread_name_prefix=''):
        if max_workers is None:
            max_workers = min(32, (os.cpu_count() or 1) + 4)
        if max_workers <= 0:
            raise ValueError("max_workers must be greater than 0")
        self._max_workers = max_workers
        self._work_queue = queue.SimpleQueue()
        self._idle_semaphore = threading.Semaphore(0)
        self._threads = []
        self._shutdown = False
        self._shutdown_lock = threading.Lock()
        self._thread_name_prefix = thread_name_prefix

    def submit(self, fn, *args):
        with self._shutdown_lock:
            if self._shutdown:
                raise RuntimeError('cannot schedule new futures after shutdown')
            f = _ThreadFuture()
            self._work_queue.put((f, fn, args))
            self._adjust_thread_count()
            return f

    def _adjust_thread_count(self):
        # if idle threads are available, don't spin new threads
        if self._idle_semaphore.acquire(timeout=0):
            return
        num_threads = len(self._threads)
        if num_threads < self._max_workers:
            thread_name = '%s_%d' % (self._thread_name_prefix or 'ThreadPoolExecutor', num_threads)
            t = threading.Thread(name=thread_name, target=_worker,
                                 args=(self, self._work_queue))
            t.start()
            self._threads.append(t)

    def shutdown(self, wait=True, *, cancel_futures=False):
        with self._shutdown_lock:
            self._shutdown = True
            # Send a wake-up to prevent threads calling
            # _work_queue.get(block=True) from permanently blocking.
            self._work_queue.put(None)
        if wait:
            for t in self._threads:
                t.join()
