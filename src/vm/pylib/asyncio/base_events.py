"""The event loop (Lib/asyncio/base_events.py and selector_events.py, simplified).

One iteration (`_run_once`) waits for the earliest timer, or a wake-up from another thread
(`call_soon_threadsafe`), with the GIL released -- CPython blocks in `selector.select()`
there; gilsim blocks in a lock acquire that its trace names `select` -- then moves due timers
to the FIFO ready queue and runs every callback that was ready at that moment.
"""

__all__ = ('BaseEventLoop', 'SelectorEventLoop', 'DefaultEventLoopPolicy')

import heapq
import math
import sys
import time
import _thread

import _asyncio
from _asyncio import run_handle as _run_handle
from asyncio import coroutines
from asyncio import events
from asyncio import exceptions
from asyncio import futures
from asyncio import tasks

# Minimum number of _scheduled timer handles before cleanup of
# cancelled handles is performed.
_MIN_SCHEDULED_TIMER_HANDLES = 100

# Minimum fraction of _scheduled timer handles that are cancelled
# before cleanup of cancelled handles is performed.
_MIN_CANCELLED_TIMER_HANDLES_FRACTION = 0.5

# Maximum timeout passed to select to avoid OS limitations
MAXIMUM_SELECT_TIMEOUT = 24 * 3600


def _run_until_complete_cb(fut):
    if not fut.cancelled():
        exc = fut.exception()
        if isinstance(exc, (SystemExit, KeyboardInterrupt)):
            # Issue #22429: run_forever() already finished, no need to
            # stop it.
            return
    futures._get_loop(fut).stop()


class BaseEventLoop(events.AbstractEventLoop):

    def __init__(self):
        self._timer_cancelled_count = 0
        self._closed = False
        self._stopping = False
        self._ready = []
        self._scheduled = []
        self._default_executor = None
        self._internal_fds = 0
        # Identifier of the thread running the event loop, or None if the
        # event loop is not running
        self._thread_id = None
        self._clock_resolution = 1e-09
        self._exception_handler = None
        self._debug = False
        # In debug mode, if the execution of a callback or a step of a task
        # exceed this duration in seconds, the slow callback/task is logged.
        self.slow_callback_duration = 0.1
        self._current_handle = None
        self._task_factory = None
        self._executor_shutdown_called = False
        # The self-pipe: locked means "no wake-up pending"; another thread releases it
        # (call_soon_threadsafe) to end the loop's wait.
        self._wake = _thread.allocate_lock()
        self._wake.acquire()

    def __repr__(self):
        return (
            f'<{self.__class__.__name__} running={self.is_running()} '
            f'closed={self.is_closed()} debug={self.get_debug()}>'
        )

    def create_future(self):
        """Create a Future object attached to the loop."""
        return futures.Future(loop=self)

    def create_task(self, coro, *, name=None, context=None):
        """Schedule a coroutine object.  Return a task object."""
        self._check_closed()
        if self._task_factory is None:
            task = tasks.Task(coro, loop=self, name=name, context=context)
        else:
            if context is None:
                task = self._task_factory(self, coro)
            else:
                task = self._task_factory(self, coro, context=context)
            tasks._set_task_name(task, name)
        return task

    def set_task_factory(self, factory):
        if factory is not None and not callable(factory):
            raise TypeError('task factory must be a callable or None')
        self._task_factory = factory

    def get_task_factory(self):
        return self._task_factory

    def _check_closed(self):
        if self._closed:
            raise RuntimeError('Event loop is closed')

    def _check_default_executor(self):
        if self._executor_shutdown_called:
            raise RuntimeError('Executor shutdown has been called')

    async def shutdown_asyncgens(self):
        """Shutdown all active asynchronous generators."""

    async def shutdown_default_executor(self):
        """Schedule the shutdown of the default executor."""
        self._executor_shutdown_called = True
        if self._default_executor is None:
            return
        import threading
        future = self.create_future()
        thread = threading.Thread(target=self._do_shutdown, args=(future,))
        thread.start()
        try:
            await future
        finally:
            thread.join()

    def _do_shutdown(self, future):
        try:
            self._default_executor.shutdown(wait=True)
            if not self.is_closed():
                self.call_soon_threadsafe(future.set_result, None)
        except Exception as ex:
            if not self.is_closed():
                self.call_soon_threadsafe(future.set_exception, ex)

    def _check_running(self):
        if self.is_running():
            raise RuntimeError('This event loop is already running')
        if events._get_running_loop() is not None:
            raise RuntimeError(
                'Cannot run the event loop while another loop is running')

    def run_forever(self):
        """Run until stop() is called."""
        self._check_closed()
        self._check_running()
        old_agen_hooks = sys.get_asyncgen_hooks()
        try:
            self._thread_id = _thread.get_ident()
            sys.set_asyncgen_hooks(firstiter=None,
                                   finalizer=self._asyncgen_finalizer_hook)
            events._set_running_loop(self)
            while True:
                self._run_once()
                if self._stopping:
                    break
        finally:
            self._stopping = False
            self._thread_id = None
            events._set_running_loop(None)
            sys.set_asyncgen_hooks(*old_agen_hooks)

    def _asyncgen_finalizer_hook(self, agen):
        # an async generator dropped before its end: close it on the loop
        if not self.is_closed():
            self.call_soon_threadsafe(self.create_task, agen.aclose())

    def run_until_complete(self, future):
        """Run until the Future is done; return its result, or raise its exception.

        If the argument is a coroutine, it is wrapped in a Task.
        """
        self._check_closed()
        self._check_running()

        new_task = not futures.isfuture(future)
        future = tasks.ensure_future(future, loop=self)
        if new_task:
            # An exception is raised if the future didn't complete, so there
            # is no need to log the "destroy pending task" message
            future._log_destroy_pending = False

        future.add_done_callback(_run_until_complete_cb)
        try:
            self.run_forever()
        except:
            if new_task and future.done() and not future.cancelled():
                # The coroutine raised a BaseException. Consume the exception
                # to not log a warning, the caller doesn't have access to the
                # local task.
                future.exception()
            raise
        finally:
            future.remove_done_callback(_run_until_complete_cb)
        if not future.done():
            raise RuntimeError('Event loop stopped before Future completed.')

        return future.result()

    def stop(self):
        """Stop running the event loop (after the current iteration)."""
        self._stopping = True

    def close(self):
        """Close the event loop: clear the queues, shut down the executor without waiting.

        The event loop must not be running.
        """
        if self.is_running():
            raise RuntimeError("Cannot close a running event loop")
        if self._closed:
            return
        self._closed = True
        self._ready.clear()
        self._scheduled.clear()
        self._executor_shutdown_called = True
        executor = self._default_executor
        if executor is not None:
            self._default_executor = None
            executor.shutdown(wait=False)

    def is_closed(self):
        """Returns True if the event loop was closed."""
        return self._closed

    def is_running(self):
        """Returns True if the event loop is running."""
        return (self._thread_id is not None)

    def time(self):
        """Return the time according to the event loop's clock (time.monotonic())."""
        return time.monotonic()

    def call_later(self, delay, callback, *args, context=None):
        """Arrange for a callback to be called after `delay` seconds; return a handle."""
        if delay is None:
            raise TypeError('delay must not be None')
        return self.call_at(self.time() + delay, callback, *args,
                            context=context)

    def call_at(self, when, callback, *args, context=None):
        """Like call_later(), but uses an absolute time (the loop's time())."""
        if when is None:
            raise TypeError("when cannot be None")
        self._check_closed()
        if self._debug:
            self._check_thread()
            self._check_callback(callback, 'call_at')
        timer = events.TimerHandle(when, callback, args, self, context)
        heapq.heappush(self._scheduled, timer)
        timer._scheduled = True
        return timer

    def call_soon(self, callback, *args, context=None):
        """Arrange for a callback to be called as soon as possible (FIFO)."""
        self._check_closed()
        if self._debug:
            self._check_thread()
            self._check_callback(callback, 'call_soon')
        handle = events.Handle(callback, args, self, context)
        self._ready.append(handle)
        return handle

    def _check_callback(self, callback, method):
        if (coroutines.iscoroutine(callback) or
                coroutines.iscoroutinefunction(callback)):
            raise TypeError(
                f"coroutines cannot be used with {method}()")
        if not callable(callback):
            raise TypeError(
                f'a callable object was expected by {method}(), '
                f'got {callback!r}')

    def _check_thread(self):
        """Check that the current thread is the thread running the event loop."""
        if self._thread_id is None:
            return
        thread_id = _thread.get_ident()
        if thread_id != self._thread_id:
            raise RuntimeError(
                "Non-thread-safe operation invoked on an event loop other "
                "than the current one")

    def call_soon_threadsafe(self, callback, *args, context=None):
        """Like call_soon(), but thread-safe: wakes the loop if it waits."""
        self._check_closed()
        if self._debug:
            self._check_callback(callback, 'call_soon_threadsafe')
        handle = events.Handle(callback, args, self, context)
        self._ready.append(handle)
        self._write_to_self()
        return handle

    def _write_to_self(self):
        # the self-pipe write: end the loop's wait (if none is pending already)
        try:
            self._wake.release()
        except RuntimeError:
            pass

    def run_in_executor(self, executor, func, *args):
        self._check_closed()
        if self._debug:
            self._check_callback(func, 'run_in_executor')
        if executor is None:
            executor = self._default_executor
            # Only check when the default executor is being used
            self._check_default_executor()
            if executor is None:
                from asyncio.executor import ThreadPoolExecutor
                executor = ThreadPoolExecutor(thread_name_prefix='asyncio')
                self._default_executor = executor
        return _wrap_thread_future(executor.submit(func, *args), self)

    def set_default_executor(self, executor):
        from asyncio.executor import ThreadPoolExecutor
        if not isinstance(executor, ThreadPoolExecutor):
            raise TypeError('executor must be ThreadPoolExecutor instance')
        self._default_executor = executor

    def default_exception_handler(self, context):
        """Print the error a callback or task let out, as CPython's logger does."""
        message = context.get('message')
        if not message:
            message = 'Unhandled exception in event loop'
        exception = context.get('exception')
        log_lines = [message]
        for key in sorted(context):
            if key in {'message', 'exception'}:
                continue
            value = context[key]
            value = repr(value)
            log_lines.append(f'{key}: {value}')
        print('\n'.join(log_lines), file=sys.stderr)
        if exception is not None:
            _thread._print_exception(exception)

    def call_exception_handler(self, context):
        """Call the current event loop's exception handler."""
        if self._exception_handler is None:
            try:
                self.default_exception_handler(context)
            except (SystemExit, KeyboardInterrupt):
                raise
            except BaseException:
                print('Exception in default exception handler', file=sys.stderr)
        else:
            try:
                self._exception_handler(self, context)
            except (SystemExit, KeyboardInterrupt):
                raise
            except BaseException as exc:
                try:
                    self.default_exception_handler({
                        'message': 'Unhandled error in exception handler',
                        'exception': exc,
                        'context': context,
                    })
                except (SystemExit, KeyboardInterrupt):
                    raise
                except BaseException:
                    print('Exception in default exception handler', file=sys.stderr)

    def set_exception_handler(self, handler):
        if handler is not None and not callable(handler):
            raise TypeError(f'A callable object or None is expected, '
                            f'got {handler!r}')
        self._exception_handler = handler

    def get_exception_handler(self):
        return self._exception_handler

    def _timer_handle_cancelled(self, handle):
        """Notification that a TimerHandle has been cancelled."""
        if handle._scheduled:
            self._timer_cancelled_count += 1

    def _select(self, timeout):
        """Wait up to `timeout` seconds (None: until woken) for a wake-up from another
        thread, with the GIL released: the loop's `selector.select(timeout)`."""
        if timeout is None:
            _asyncio.select_wait(self._wake, None)
        elif timeout <= 0:
            self._wake.acquire(False)  # consume a pending wake-up; don't block
        else:
            # epoll_wait() has a resolution of 1 millisecond, round away
            # from zero to wait *at least* timeout seconds.
            timeout = math.ceil(timeout * 1e3) * 1e-3
            _asyncio.select_wait(self._wake, timeout)

    def _run_once(self):
        """Run one full iteration of the event loop: wait (for I/O, or the next timer),
        make due timers ready, and run the callbacks that are ready now."""
        scheduled = self._scheduled
        sched_count = len(scheduled)
        if (sched_count > _MIN_SCHEDULED_TIMER_HANDLES and
            self._timer_cancelled_count / sched_count >
                _MIN_CANCELLED_TIMER_HANDLES_FRACTION):
            # Remove delayed calls that were cancelled if their number
            # is too high
            new_scheduled = []
            for handle in scheduled:
                if handle._cancelled:
                    handle._scheduled = False
                else:
                    new_scheduled.append(handle)

            heapq.heapify(new_scheduled)
            self._scheduled = scheduled = new_scheduled
            self._timer_cancelled_count = 0
        else:
            # Remove delayed calls that were cancelled from head of queue.
            while scheduled and scheduled[0]._cancelled:
                self._timer_cancelled_count -= 1
                handle = heapq.heappop(scheduled)
                handle._scheduled = False

        timeout = None
        if self._ready or self._stopping:
            timeout = 0
        elif scheduled:
            # Compute the desired timeout.
            when = scheduled[0]._when
            timeout = min(max(0, when - self.time()), MAXIMUM_SELECT_TIMEOUT)

        self._select(timeout)

        # Handle 'later' callbacks that are ready.
        end_time = self.time() + self._clock_resolution
        while scheduled:
            handle = scheduled[0]
            if handle._when >= end_time:
                break
            handle = heapq.heappop(scheduled)
            handle._scheduled = False
            self._ready.append(handle)

        # Run the callbacks ready now, not those they schedule (the next iteration's).
        ready = self._ready
        ntodo = len(ready)
        todo = ready[:ntodo]
        del ready[:ntodo]
        for handle in todo:
            if handle._cancelled:
                continue
            if self._debug:
                try:
                    self._current_handle = handle
                    t0 = self.time()
                    _run_handle(handle)
                    dt = self.time() - t0
                    if dt >= self.slow_callback_duration:
                        print('Executing %r took %.3f seconds' % (handle, dt),
                              file=sys.stderr)
                finally:
                    self._current_handle = None
            else:
                _run_handle(handle)  # handle._run(), logged for the trace
        handle = None  # Needed to break cycles when an exception occurs.

    def get_debug(self):
        return self._debug

    def set_debug(self, enabled):
        self._debug = enabled


def _copy_thread_future_state(dest, source):
    """Give the asyncio future `dest` the outcome of the executor's future (loop thread)."""
    if dest.cancelled():
        return
    if source._exception is not None:
        dest.set_exception(source._exception)
    else:
        dest.set_result(source._result)


def _wrap_thread_future(source, loop):
    """An asyncio future that takes the executor future's outcome (futures.wrap_future)."""
    dest = loop.create_future()

    def _call_set_state(source):
        if loop.is_closed():
            return
        loop.call_soon_threadsafe(_copy_thread_future_state, dest, source)

    source.add_done_callback(_call_set_state)
    return dest


class _UnixSelectorEventLoop(BaseEventLoop):
    """The Unix event loop python3 runs (its I/O parts are not modelled)."""

    __module__ = 'asyncio.unix_events'


SelectorEventLoop = _UnixSelectorEventLoop


class _UnixDefaultEventLoopPolicy(events.BaseDefaultEventLoopPolicy):
    """UNIX event loop policy."""

    __module__ = 'asyncio.unix_events'
    _loop_factory = _UnixSelectorEventLoop


DefaultEventLoopPolicy = _UnixDefaultEventLoopPolicy
