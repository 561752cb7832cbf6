"""Process-based parallelism: gilsim's multiprocessing, on the native _gilsim.

Each process is a forked interpreter (Linux's default start method in 3.11) with its own heap and
its own GIL: the child starts as a copy of the parent at start(), so what it mutates stays its
own. Values cross between processes only pickled (Queue, Pipe, Value, Array, Pool). Names,
reprs and messages follow CPython 3.11's multiprocessing/process.py.
"""

import os
import sys
import threading
import _thread
import _gilsim
from queue import Empty, Full

__all__ = [
    "Process", "current_process", "parent_process", "active_children", "cpu_count",
    "Queue", "SimpleQueue", "JoinableQueue", "Pipe", "Lock", "RLock", "Event", "Semaphore",
    "BoundedSemaphore", "Condition", "Value", "Array", "Pool", "ProcessError",
    "TimeoutError", "get_start_method",
]


class ProcessError(Exception):
    pass


class BufferTooShort(ProcessError):
    pass


class TimeoutError(ProcessError):
    pass


class AuthenticationError(ProcessError):
    pass


def cpu_count():
    return os.cpu_count()


def get_start_method(allow_none=False):
    return "fork"


def get_context(method=None):
    return sys.modules[__name__]


# this process's started children, and the count naming its next one (copied at fork, then
# reset in the child as CPython does)
_children = set()
_counter = [0]


class BaseProcess:
    def __init__(self, group=None, target=None, name=None, args=(), kwargs={}, *, daemon=None):
        assert group is None, 'group argument must be None for now'
        _counter[0] += 1
        self._identity = _current_process._identity + (_counter[0],)
        self._parent_pid = os.getpid()
        self._parent_name = _current_process.name
        self._pid = None
        self._sentinel = None
        self._closed = False
        self._target = target
        self._args = tuple(args)
        self._kwargs = dict(kwargs)
        self._daemonic = _current_process._daemonic if daemon is None else daemon
        self._name = name or type(self).__name__ + '-' + ':'.join(str(i) for i in self._identity)

    def _check_closed(self):
        if self._closed:
            raise ValueError("process object is closed")

    def run(self):
        if self._target:
            self._target(*self._args, **self._kwargs)

    def start(self):
        self._check_closed()
        assert self._pid is None, 'cannot start a process twice'
        assert self._parent_pid == os.getpid(), \
            'can only start a process object created by current process'
        assert not _current_process._daemonic, \
            'daemonic processes are not allowed to have children'
        _cleanup()
        # multiprocessing.util._flush_std_streams(): the child must not inherit buffered output
        sys.stdout.flush()
        sys.stderr.flush()
        self._forker = threading.current_thread()
        self._pid, self._sentinel = _gilsim.fork(self._bootstrap)
        del self._target, self._args, self._kwargs
        _children.add(self)

    def _bootstrap(self):
        global _current_process, _parent_process, _children
        exitcode = 1
        try:
            _children = set()
            _counter[0] = 0
            _parent_process = _ParentProcess(self._parent_name, self._parent_pid)
            _current_process = self
            threading._after_fork(self._forker)
            try:
                self.run()
                exitcode = 0
            finally:
                threading._shutdown()
        except SystemExit as e:
            if e.code is None:
                exitcode = 0
            elif isinstance(e.code, int):
                exitcode = e.code
            else:
                sys.stderr.write(str(e.code) + '\n')
                exitcode = 1
        except BaseException as e:
            exitcode = 1
            sys.stderr.write('Process %s:\n' % self.name)
            _thread._print_exception(e)
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
        return exitcode

    def terminate(self):
        self._check_closed()
        if self._pid is not None and self._sentinel.locked():
            _gilsim.kill(self._pid, -15)

    def kill(self):
        self._check_closed()
        if self._pid is not None and self._sentinel.locked():
            _gilsim.kill(self._pid, -9)

    def join(self, timeout=None):
        self._check_closed()
        assert self._parent_pid == os.getpid(), 'can only join a child process'
        assert self._pid is not None, 'can only join a started process'
        if timeout is None:
            got = self._sentinel.acquire()
        else:
            got = self._sentinel.acquire(True, max(timeout, 0))
        if got:
            self._sentinel.release()
            _children.discard(self)

    def is_alive(self):
        self._check_closed()
        if self is _current_process:
            return True
        assert self._parent_pid == os.getpid(), 'can only test a child process'
        if self._pid is None:
            return False
        if self._sentinel.locked():
            return True
        _children.discard(self)
        return False

    def close(self):
        if self._pid is not None and self._sentinel.locked():
            raise ValueError("Cannot close a process while it is still running. "
                             "You should first call join() or terminate().")
        _children.discard(self)
        self._closed = True

    @property
    def name(self):
        return self._name

    @name.setter
    def name(self, name):
        assert isinstance(name, str), 'name must be a string'
        self._name = name

    @property
    def daemon(self):
        return self._daemonic

    @daemon.setter
    def daemon(self, daemonic):
        assert self._pid is None, 'process has already started'
        self._daemonic = daemonic

    @property
    def exitcode(self):
        self._check_closed()
        if self._pid is None or self._sentinel.locked():
            return None
        return _gilsim.exitcode(self._pid)

    @property
    def ident(self):
        self._check_closed()
        if self is _current_process:
            return os.getpid()
        return self._pid

    pid = ident

    @property
    def sentinel(self):
        self._check_closed()
        if self._sentinel is None:
            raise ValueError("process not started")
        return self._sentinel

    def __repr__(self):
        exitcode = None
        if self is _current_process:
            status = 'started'
        elif self._closed:
            status = 'closed'
        elif self._parent_pid != os.getpid():
            status = 'unknown'
        elif self._pid is None:
            status = 'initial'
        else:
            exitcode = self.exitcode
            status = 'stopped' if exitcode is not None else 'started'
        info = [type(self).__name__, 'name=%r' % self._name]
        if self._pid is not None:
            info.append('pid=%s' % self._pid)
        info.append('parent=%s' % self._parent_pid)
        info.append(status)
        if exitcode is not None:
            info.append('exitcode=%s' % exitcode)
        if self.daemon:
            info.append('daemon')
        return '<%s>' % ' '.join(info)


class Process(BaseProcess):
    pass


class _MainProcess(BaseProcess):
    def __init__(self):
        self._identity = ()
        self._name = 'MainProcess'
        self._parent_pid = None
        self._pid = None
        self._sentinel = None
        self._closed = False
        self._daemonic = False
        self._target = None

    def close(self):
        pass


class _ParentProcess(BaseProcess):
    def __init__(self, name, pid):
        self._identity = ()
        self._name = name
        self._pid = pid
        self._parent_pid = None
        self._sentinel = None
        self._closed = False
        self._daemonic = False

    def is_alive(self):
        return True

    def join(self, timeout=None):
        pass


_current_process = _MainProcess()
_parent_process = None


def current_process():
    return _current_process


def parent_process():
    return _parent_process


def _cleanup():
    for p in list(_children):
        if p._sentinel is not None and not p._sentinel.locked():
            _children.discard(p)


def active_children():
    _cleanup()
    return list(_children)


def _exit_function():
    """At the main thread's end (multiprocessing.util._exit_function): terminate the
    daemonic children, then join every child."""
    for p in list(_children):
        if p.daemon:
            p.terminate()
    for p in list(_children):
        p.join()


# -- queues and pipes: pickled messages on a _gilsim channel; a lock held while it is empty

class _Channel:
    def __init__(self):
        self._chan = _gilsim.chan()
        self._nonempty = _thread.allocate_lock()
        self._nonempty.acquire()

    def _send(self, obj):
        _gilsim.send(self._chan, self._nonempty, obj)

    def _recv(self, block=True, timeout=None):
        return _gilsim.recv(self._chan, self._nonempty, block, timeout)

    def _pending(self):
        return _gilsim.pending(self._chan)


class Queue:
    def __init__(self, maxsize=0):
        if maxsize <= 0:
            maxsize = 2147483647
        self._maxsize = maxsize
        self._channel = _Channel()
        self._closed = False

    def put(self, obj, block=True, timeout=None):
        if self._closed:
            raise ValueError("Queue %r is closed" % self)
        if self._channel._pending() >= self._maxsize:
            raise Full
        try:
            self._channel._send(obj)
        except Exception as e:
            # CPython pickles a Queue's items in its feeder thread: `put` has returned by
            # then, and the feeder hands the error to this hook and drops the item
            self._on_queue_feeder_error(e, obj)

    @staticmethod
    def _on_queue_feeder_error(e, obj):
        _thread._print_exception(e)

    def get(self, block=True, timeout=None):
        if self._closed:
            raise ValueError("Queue %r is closed" % self)
        if timeout is not None and timeout < 0:
            raise ValueError("'timeout' must be a non-negative number")
        got, obj = self._channel._recv(block, timeout)
        if not got:
            raise Empty
        return obj

    def qsize(self):
        return self._channel._pending()

    def empty(self):
        return self._channel._pending() == 0

    def full(self):
        return self._channel._pending() >= self._maxsize

    def get_nowait(self):
        return self.get(False)

    def put_nowait(self, obj):
        return self.put(obj, False)

    def close(self):
        self._closed = True

    def join_thread(self):
        pass

    def cancel_join_thread(self):
        pass


class SimpleQueue:
    __class_getitem__ = classmethod(_gilsim.class_getitem)

    def __init__(self):
        self._channel = _Channel()

    def put(self, obj):
        self._channel._send(obj)

    def get(self):
        return self._channel._recv()[1]

    def empty(self):
        return self._channel._pending() == 0

    def close(self):
        pass


class JoinableQueue(Queue):
    def __init__(self, maxsize=0):
        Queue.__init__(self, maxsize)
        self._unfinished = _gilsim.value_new(0)
        self._mutex = _thread.allocate_lock()
        self._all_done = _thread.allocate_lock()

    def put(self, obj, block=True, timeout=None):
        with self._mutex:
            n = _gilsim.value_get(self._unfinished)
            if n == 0:
                self._all_done.acquire()
            _gilsim.value_set(self._unfinished, n + 1)
        Queue.put(self, obj, block, timeout)

    def task_done(self):
        with self._mutex:
            n = _gilsim.value_get(self._unfinished)
            if n <= 0:
                raise ValueError('task_done() called too many times')
            _gilsim.value_set(self._unfinished, n - 1)
            if n == 1:
                self._all_done.release()

    def join(self):
        self._all_done.acquire()
        self._all_done.release()


class Connection:
    def __init__(self, reader, writer, readable=True, writable=True):
        self._reader = reader
        self._writer = writer
        self._readable = readable
        self._writable = writable
        self._closed = False

    def _check(self):
        if self._closed:
            raise OSError("handle is closed")

    def send(self, obj):
        self._check()
        if not self._writable:
            raise OSError("connection is read-only")
        self._writer._send(obj)

    def recv(self):
        self._check()
        if not self._readable:
            raise OSError("connection is write-only")
        return self._reader._recv()[1]

    def poll(self, timeout=0.0):
        self._check()
        if self._reader._pending():
            return True
        if timeout is not None and timeout <= 0:
            return False
        lock = self._reader._nonempty
        got = lock.acquire() if timeout is None else lock.acquire(True, timeout)
        if got:
            lock.release()
        return got

    def close(self):
        self._closed = True

    @property
    def closed(self):
        return self._closed

    @property
    def readable(self):
        return self._readable

    @property
    def writable(self):
        return self._writable

    def __enter__(self):
        return self

    def __exit__(self, *args):
        self.close()


def Pipe(duplex=True):
    a = _Channel()
    if duplex:
        b = _Channel()
        return Connection(a, b), Connection(b, a)
    return Connection(a, None, True, False), Connection(None, a, False, True)


# -- synchronisation across processes: native locks are shared by the processes that inherit
# them; counters live in shared values

class Lock:
    def __init__(self):
        self._lock = _thread.allocate_lock()

    def acquire(self, block=True, timeout=None):
        if timeout is None:
            return self._lock.acquire(block)
        return self._lock.acquire(block, timeout)

    def release(self):
        try:
            self._lock.release()
        except RuntimeError:
            raise ValueError("semaphore or lock released too many times")

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *args):
        self.release()

    def __repr__(self):
        return '<Lock(owner=%s)>' % ('SomeOtherProcess' if self._lock.locked() else 'None')


class RLock(Lock):
    def __init__(self):
        Lock.__init__(self)
        self._owner = _gilsim.value_new(None)
        self._count = 0

    def acquire(self, block=True, timeout=None):
        me = (os.getpid(), _thread.get_ident())
        if _gilsim.value_get(self._owner) == me:
            self._count += 1
            return True
        if not Lock.acquire(self, block, timeout):
            return False
        _gilsim.value_set(self._owner, me)
        self._count = 1
        return True

    def release(self):
        me = (os.getpid(), _thread.get_ident())
        if _gilsim.value_get(self._owner) != me:
            raise AssertionError("attempt to release recursive lock not owned by thread")
        self._count -= 1
        if self._count == 0:
            _gilsim.value_set(self._owner, None)
            self._lock.release()


class Semaphore:
    def __init__(self, value=1):
        if value < 0:
            raise ValueError("semaphore initial value must be >= 0")
        self._value = _gilsim.value_new(value)
        self._mutex = _thread.allocate_lock()
        self._available = _thread.allocate_lock()
        if value == 0:
            self._available.acquire()

    def acquire(self, block=True, timeout=None):
        while True:
            with self._mutex:
                n = _gilsim.value_get(self._value)
                if n > 0:
                    _gilsim.value_set(self._value, n - 1)
                    if n == 1:
                        self._available.acquire(False)
                    return True
            if not block:
                return False
            got = self._available.acquire() if timeout is None else \
                self._available.acquire(True, timeout)
            if not got:
                return False
            self._available.release()

    def release(self):
        with self._mutex:
            n = _gilsim.value_get(self._value)
            _gilsim.value_set(self._value, n + 1)
            if n == 0 and self._available.locked():
                self._available.release()

    def get_value(self):
        return _gilsim.value_get(self._value)

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *args):
        self.release()


class BoundedSemaphore(Semaphore):
    def __init__(self, value=1):
        Semaphore.__init__(self, value)
        self._bound = value

    def release(self):
        if _gilsim.value_get(self._value) >= self._bound:
            raise ValueError('semaphore or lock released too many times')
        Semaphore.release(self)


class Event:
    def __init__(self):
        self._flag = _gilsim.value_new(False)
        self._gate = _thread.allocate_lock()
        self._gate.acquire()

    def is_set(self):
        return _gilsim.value_get(self._flag)

    def set(self):
        if not self.is_set():
            _gilsim.value_set(self._flag, True)
            self._gate.release()

    def clear(self):
        if self.is_set():
            _gilsim.value_set(self._flag, False)
            self._gate.acquire()

    def wait(self, timeout=None):
        if self.is_set():
            return True
        got = self._gate.acquire() if timeout is None else \
            self._gate.acquire(True, max(timeout, 0))
        if got:
            self._gate.release()
        return got


Condition = threading.Condition


class _SharedValue:
    def __init__(self, typecode, value, lock=True):
        self._typecode_or_type = typecode
        self._id = _gilsim.value_new(value)
        self._lock = RLock() if lock is True else (lock or None)

    @property
    def value(self):
        return _gilsim.value_get(self._id)

    @value.setter
    def value(self, v):
        _gilsim.value_set(self._id, v)

    def get_lock(self):
        return self._lock

    def get_obj(self):
        return self

    def acquire(self, *args):
        return self._lock.acquire(*args)

    def release(self):
        return self._lock.release()

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *args):
        return self._lock.__exit__(*args)

    def __repr__(self):
        return '<Synchronized wrapper for c_%s(%r)>' % (
            {'i': 'int', 'd': 'double', 'l': 'long', 'f': 'float'}.get(
                self._typecode_or_type, self._typecode_or_type), self.value)


def Value(typecode_or_type, *args, lock=True):
    return _SharedValue(typecode_or_type, args[0] if args else 0, lock)


class _SharedArray:
    def __init__(self, typecode, init, lock=True):
        if isinstance(init, int):
            init = [0.0 if typecode in ('d', 'f') else 0] * init
        self._typecode = typecode
        self._id = _gilsim.value_new(list(init))
        self._lock = RLock() if lock is True else (lock or None)

    def __len__(self):
        return len(_gilsim.value_get(self._id))

    def __getitem__(self, i):
        return _gilsim.value_get(self._id)[i]

    def __setitem__(self, i, v):
        items = _gilsim.value_get(self._id)
        items[i] = v
        _gilsim.value_set(self._id, items)

    def __iter__(self):
        return iter(_gilsim.value_get(self._id))

    def get_lock(self):
        return self._lock

    def get_obj(self):
        return self

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *args):
        return self._lock.__exit__(*args)


def Array(typecode_or_type, size_or_initializer, *, lock=True):
    return _SharedArray(typecode_or_type, size_or_initializer, lock)


from _mp_pool import Pool  # noqa: E402  (the pool needs the classes above)
