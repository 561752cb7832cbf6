"""multiprocessing.synchronize: the synchronisation classes (defined in gilsim's
multiprocessing)."""
from multiprocessing import Lock, RLock, Semaphore, BoundedSemaphore, Condition, Event

__all__ = ['Lock', 'RLock', 'Semaphore', 'BoundedSemaphore', 'Condition', 'Event']
