"""asyncio.timeout(): a context manager cancelling overdue code (Lib/asyncio/timeouts.py)."""

__all__ = (
    "Timeout",
    "timeout",
    "timeout_at",
)

from asyncio import events
from asyncio import exceptions
from asyncio import tasks


class _State:
    """A Timeout's state (CPython uses an Enum with these values)."""

    def __init__(self, name, value):
        self.name = name
        self.value = value

    def __repr__(self):
        return f'<_State.{self.name}: {self.value!r}>'


_CREATED = _State('CREATED', 'created')
_ENTERED = _State('ENTERED', 'active')
_EXPIRING = _State('EXPIRING', 'expiring')
_EXPIRED = _State('EXPIRED', 'expired')
_EXITED = _State('EXITED', 'finished')


class Timeout:
    """Asynchronous context manager for cancelling overdue coroutines.

    Use `timeout()` or `timeout_at()` rather than instantiating this class directly.
    """

    def __init__(self, when):
        self._state = _CREATED
        self._timeout_handler = None
        self._task = None
        self._when = when

    def when(self):
        """Return the current deadline."""
        return self._when

    def reschedule(self, when):
        """Reschedule the timeout."""
        if self._state is not _ENTERED:
            if self._state is _CREATED:
                raise RuntimeError("Timeout has not been entered")
            raise RuntimeError(
                f"Cannot change state of {self._state.value} Timeout",
            )

        self._when = when

        if self._timeout_handler is not None:
            self._timeout_handler.cancel()

        if when is None:
            self._timeout_handler = None
        else:
            loop = events.get_running_loop()
            if when <= loop.time():
                self._timeout_handler = loop.call_soon(self._on_timeout)
            else:
                self._timeout_handler = loop.call_at(when, self._on_timeout)

    def expired(self):
        """Is timeout expired during execution?"""
        return self._state in (_EXPIRING, _EXPIRED)

    def __repr__(self):
        info = ['']
        if self._state is _ENTERED:
            when = round(self._when, 3) if self._when is not None else None
            info.append(f"when={when}")
        info_str = ' '.join(info)
        return f"<Timeout [{self._state.value}]{info_str}>"

    async def __aenter__(self):
        if self._state is not _CREATED:
            raise RuntimeError("Timeout has already been entered")
        task = tasks.current_task()
        if task is None:
            raise RuntimeError("Timeout should be used inside a task")
        self._state = _ENTERED
        self._task = task
        self._cancelling = self._task.cancelling()
        self.reschedule(self._when)
        return self

    async def __aexit__(self, exc_type, exc_val, exc_tb):
        assert self._state in (_ENTERED, _EXPIRING)

        if self._timeout_handler is not None:
            self._timeout_handler.cancel()
            self._timeout_handler = None

        if self._state is _EXPIRING:
            self._state = _EXPIRED

            if self._task.uncancel() <= self._cancelling and exc_type is exceptions.CancelledError:
                # Since there are no new cancel requests, we're
                # handling this.
                raise TimeoutError from exc_val
        elif self._state is _ENTERED:
            self._state = _EXITED

        return None

    def _on_timeout(self):
        assert self._state is _ENTERED
        self._task.cancel()
        self._state = _EXPIRING
        # drop the reference early
        self._timeout_handler = None


def timeout(delay):
    """Timeout async context manager: `async with asyncio.timeout(10): ...`.

    The code inside is cancelled after `delay` seconds (None: never), and the top-most
    affected timeout() turns that CancelledError into TimeoutError.
    """
    loop = events.get_running_loop()
    return Timeout(loop.time() + delay if delay is not None else None)


def timeout_at(when):
    """Like timeout(), with an absolute deadline in the loop's time()."""
    return Timeout(when)
