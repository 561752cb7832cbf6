"""ProcessPoolExecutor: a placeholder until gilsim has processes.

CPython's Lib/concurrent/futures/process.py runs calls in worker processes. gilsim does not
simulate processes yet, so the class exists (it can be imported and named) but constructing one
raises NotImplementedError. `BrokenProcessPool` is CPython's.
"""

from concurrent.futures import _base


class BrokenProcessPool(_base.BrokenExecutor):
    """
    Raised when a process in a ProcessPoolExecutor terminated abruptly
    while a future was in the running state.
    """


class ProcessPoolExecutor(_base.Executor):
    def __init__(self, max_workers=None, mp_context=None,
                 initializer=None, initargs=(), *, max_tasks_per_child=None):
        raise NotImplementedError(
            "ProcessPoolExecutor: processes are not built yet in gilsim "
            "(use ThreadPoolExecutor)")
