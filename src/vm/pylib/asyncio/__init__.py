"""The asyncio package, tracking CPython 3.11's API (a subset, in pure Python)."""

# This relies on each of the submodules having an __all__ variable.
from asyncio.base_events import *
from asyncio.coroutines import *
from asyncio.events import *
from asyncio.exceptions import *
from asyncio.futures import *
from asyncio.locks import *
from asyncio.queues import *
from asyncio.runners import *
from asyncio.taskgroups import *
from asyncio.tasks import *
from asyncio.threads import *
from asyncio.timeouts import *

import asyncio.base_events as base_events
import asyncio.coroutines as coroutines
import asyncio.events as events
import asyncio.exceptions as exceptions
import asyncio.futures as futures
import asyncio.locks as locks
import asyncio.queues as queues
import asyncio.runners as runners
import asyncio.taskgroups as taskgroups
import asyncio.tasks as tasks
import asyncio.threads as threads
import asyncio.timeouts as timeouts

__all__ = (base_events.__all__ +
           coroutines.__all__ +
           events.__all__ +
           exceptions.__all__ +
           futures.__all__ +
           locks.__all__ +
           queues.__all__ +
           runners.__all__ +
           taskgroups.__all__ +
           tasks.__all__ +
           threads.__all__ +
           timeouts.__all__)
