"""asyncio exceptions, as CPython 3.11's Lib/asyncio/exceptions.py defines them."""

__all__ = ('BrokenBarrierError',
           'CancelledError', 'InvalidStateError', 'TimeoutError',
           'SendfileNotAvailableError')


class CancelledError(BaseException):
    """The Future or Task was cancelled."""


TimeoutError = TimeoutError  # 3.11: asyncio.TimeoutError is the builtin one


class InvalidStateError(Exception):
    """The operation is not allowed in this state."""


class SendfileNotAvailableError(RuntimeError):
    """Sendfile syscall is not available."""


class BrokenBarrierError(RuntimeError):
    """Barrier is broken by barrier.abort() call."""
