"""ProcessPoolExecutor: calls run in worker processes, each with its own interpreter and GIL.

In the shape of CPython 3.11's Lib/concurrent/futures/process.py, on gilsim's multiprocessing:
with the `fork` start method (Linux's default) every worker is started at the first submit; a
manager thread in the parent keeps at most max_workers + 1 calls in the call queue (the rest
stay pending and can be cancelled), sets each future from the workers' results, and learns
from the OS (an exit notice, where CPython waits on the workers' sentinels) when a worker
dies, which breaks the pool. The manager's wake-ups (a submit, a shutdown) go through its
result queue, as CPython's go through a wake-up pipe.
"""

__author__ = 'Brian Quinlan (brian@sweetapp.com)'

import itertools
import os
import queue
import threading
from functools import partial

import _gilsim
import multiprocessing as mp
from concurrent.futures import _base

EXTRA_QUEUED_CALLS = 1

_global_shutdown = False


def _python_exit():
    global _global_shutdown
    _global_shutdown = True
    for executor in list(_executors):
        executor.shutdown(wait=True)


_executors = []
threading._register_atexit(_python_exit)


class _CallQueue(mp.Queue):
    """The call queue. CPython's (`_SafeQueue`) sets an unpicklable call's exception on its
    future from the feeder thread; here `put` raises it to `_add_call_items`, which does."""

    def _on_queue_feeder_error(self, e, obj):
        raise e


class BrokenProcessPool(_base.BrokenExecutor):
    """
    Raised when a process in a ProcessPoolExecutor terminated abruptly
    while a future was in the running state.
    """


class _WorkItem(object):
    def __init__(self, future, fn, args, kwargs):
        self.future = future
        self.fn = fn
        self.args = args
        self.kwargs = kwargs


def _get_chunks(*iterables, chunksize):
    """ Iterates over zip()ed iterables in chunks. """
    it = zip(*iterables)
    while True:
        chunk = tuple(itertools.islice(it, chunksize))
        if not chunk:
            return
        yield chunk


def _process_chunk(fn, chunk):
    """ Processes a chunk of an iterable passed to map. """
    return [fn(*args) for args in chunk]


def _process_worker(call_queue, result_queue, initializer, initargs):
    """Evaluates calls from call_queue and places the results in result_queue."""
    if initializer is not None:
        try:
            initializer(*initargs)
        except BaseException as e:
            _base.LOGGER.critical('Exception in initializer:', exc_info=True)
            # The parent will notice that the process stopped and
            # mark the pool broken
            return
    while True:
        call_item = call_queue.get(block=True)
        if call_item is None:
            # Wake up queue management thread
            result_queue.put(("bye", os.getpid()))
            return
        work_id, fn, args, kwargs = call_item
        try:
            r = fn(*args, **kwargs)
        except BaseException as e:
            result_queue.put(("result", work_id, False, e))
        else:
            try:
                result_queue.put(("result", work_id, True, r))
            except BaseException as e:
                result_queue.put(("result", work_id, False, e))
        del call_item


def _chain_from_iterable_of_lists(iterable):
    """
    Specialized implementation of itertools.chain.from_iterable.
    Each item in *iterable* should be a list.  This function is
    careful not to keep references to yielded objects.
    """
    for element in iterable:
        element.reverse()
        while element:
            yield element.pop()


class ProcessPoolExecutor(_base.Executor):
    def __init__(self, max_workers=None, mp_context=None,
                 initializer=None, initargs=(), *, max_tasks_per_child=None):
        if max_workers is None:
            self._max_workers = os.cpu_count() or 1
        else:
            if max_workers <= 0:
                raise ValueError("max_workers must be greater than 0")
            self._max_workers = max_workers
        if initializer is not None and not callable(initializer):
            raise TypeError("initializer must be a callable")
        if max_tasks_per_child is not None:
            if not isinstance(max_tasks_per_child, int):
                raise TypeError("max_tasks_per_child must be an integer")
            elif max_tasks_per_child <= 0:
                raise ValueError("max_tasks_per_child must be >= 1")
        self._initializer = initializer
        self._initargs = initargs
        self._manager = None
        self._processes = {}
        self._said_bye = set()
        self._shutdown_thread = False
        self._shutdown_lock = threading.Lock()
        self._broken = False
        self._queue_count = 0
        self._pending_work_items = {}
        self._cancel_pending_futures = False
        self._call_queue = _CallQueue()
        self._result_queue = mp.SimpleQueue()
        self._work_ids = queue.Queue()
        self._stopping = False

    # -- the parent's side --------------------------------------------------------------

    def _start_executor_manager_thread(self):
        if self._manager is None:
            for _ in range(self._max_workers):
                p = mp.Process(target=_process_worker,
                               args=(self._call_queue, self._result_queue,
                                     self._initializer, self._initargs))
                p.name = p.name.replace('Process', 'ForkProcess')
                p.start()
                self._processes[p.pid] = p
                chan = self._result_queue._channel
                _gilsim.notify_exit(p.pid, chan._chan, chan._nonempty)
            self._manager = threading.Thread(target=self._manage, daemon=True)
            self._manager.start()
            _executors.append(self)

    def _wakeup(self):
        self._result_queue.put(("wakeup",))

    def _add_call_items(self):
        # CPython's call queue holds max_workers + 1 calls, besides those the workers run
        while self._call_queue.qsize() < self._max_workers + EXTRA_QUEUED_CALLS:
            try:
                work_id = self._work_ids.get(block=False)
            except queue.Empty:
                return
            work_item = self._pending_work_items.get(work_id)
            if work_item is None:
                continue
            if work_item.future.set_running_or_notify_cancel():
                try:
                    self._call_queue.put((work_id, work_item.fn, work_item.args,
                                          work_item.kwargs))
                except BaseException as e:
                    # CPython's queue feeder reports an unpicklable call on its future
                    del self._pending_work_items[work_id]
                    work_item.future.set_exception(e)
                    continue
            else:
                del self._pending_work_items[work_id]

    def _manage(self):
        # the loop of CPython's _ExecutorManagerThread.run: fill the call queue, wait for a
        # result, a worker's exit or a wake-up, then look at the shutdown flag
        while True:
            self._add_call_items()
            item = self._result_queue.get()
            kind = item[0]
            if kind == "result":
                _, work_id, ok, value = item
                work_item = self._pending_work_items.pop(work_id, None)
                if work_item is not None:
                    if ok:
                        work_item.future.set_result(value)
                    else:
                        work_item.future.set_exception(value)
            elif kind == "bye":
                self._said_bye.add(item[1])
            elif kind == "exit":
                pid = item[1]
                p = self._processes.pop(pid, None)
                if p is not None:
                    p.join()
                if pid not in self._said_bye:
                    self._terminate_broken()
                    return
            if self._shutdown_thread:
                if self._cancel_pending_futures:
                    self._cancel_pending()
                    self._cancel_pending_futures = False
                if not self._pending_work_items and not self._stopping:
                    self._stopping = True
                    for _ in self._processes:
                        self._call_queue.put(None)
                if self._stopping and not self._processes:
                    return

    def _cancel_pending(self):
        while True:
            try:
                work_id = self._work_ids.get(block=False)
            except queue.Empty:
                break
            work_item = self._pending_work_items.pop(work_id, None)
            if work_item is not None:
                work_item.future.cancel()

    def _terminate_broken(self):
        self._broken = ('A child process terminated '
                        'abruptly, the process pool is not '
                        'usable anymore')
        bpe = BrokenProcessPool("A process in the process pool was "
                                "terminated abruptly while the future was "
                                "running or pending.")
        for work_id, work_item in list(self._pending_work_items.items()):
            work_item.future.set_exception(bpe)
        self._pending_work_items.clear()
        for p in list(self._processes.values()):
            p.terminate()
        for p in list(self._processes.values()):
            p.join()
        self._processes.clear()

    def submit(self, fn, /, *args, **kwargs):
        with self._shutdown_lock:
            if self._broken:
                raise BrokenProcessPool(self._broken)
            if self._shutdown_thread:
                raise RuntimeError('cannot schedule new futures after shutdown')
            if _global_shutdown:
                raise RuntimeError('cannot schedule new futures after '
                                   'interpreter shutdown')

            f = _base.Future()
            _base._trace(f, 'submitted')
            w = _WorkItem(f, fn, args, kwargs)

            self._pending_work_items[self._queue_count] = w
            self._work_ids.put(self._queue_count)
            self._queue_count += 1
            self._start_executor_manager_thread()
            self._wakeup()
            return f
    submit.__doc__ = _base.Executor.submit.__doc__

    def map(self, fn, *iterables, timeout=None, chunksize=1):
        """Returns an iterator equivalent to map(fn, iter).

        Args:
            fn: A callable that will take as many arguments as there are
                passed iterables.
            timeout: The maximum number of seconds to wait. If None, then there
                is no limit on the wait time.
            chunksize: If greater than one, the iterables will be chopped into
                chunks of size chunksize and submitted to the process pool.
                If set to one, the items in the list will be sent one at a time.

        Returns:
            An iterator equivalent to: map(func, *iterables) but the calls may
            be evaluated out-of-order.

        Raises:
            TimeoutError: If the entire result iterator could not be generated
                before the given timeout.
            Exception: If fn(*args) raises for any values.
        """
        if chunksize < 1:
            raise ValueError("chunksize must be >= 1.")

        results = super().map(partial(_process_chunk, fn),
                              _get_chunks(*iterables, chunksize=chunksize),
                              timeout=timeout)
        return _chain_from_iterable_of_lists(results)

    def shutdown(self, wait=True, *, cancel_futures=False):
        with self._shutdown_lock:
            self._cancel_pending_futures = cancel_futures
            self._shutdown_thread = True
            if self._manager is not None:
                self._wakeup()
        if self._manager is not None and wait:
            self._manager.join()
        if self in _executors and (wait or self._manager is None):
            _executors.remove(self)
    shutdown.__doc__ = _base.Executor.shutdown.__doc__
