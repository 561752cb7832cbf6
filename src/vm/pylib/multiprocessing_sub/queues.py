"""multiprocessing.queues: the queue classes (defined in gilsim's multiprocessing)."""
from multiprocessing import Queue, SimpleQueue, JoinableQueue

__all__ = ['Queue', 'SimpleQueue', 'JoinableQueue']
