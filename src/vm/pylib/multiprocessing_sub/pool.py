"""multiprocessing.pool: Pool, ThreadPool and their result objects (gilsim's _mp_pool)."""
from _mp_pool import Pool, ThreadPool, ApplyResult, AsyncResult, MapResult, IMapIterator

__all__ = ['Pool', 'ThreadPool']
