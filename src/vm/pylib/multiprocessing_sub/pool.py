"""multiprocessing.pool: Pool and its result objects (gilsim's _mp_pool)."""
from _mp_pool import Pool, ApplyResult, AsyncResult, MapResult, IMapIterator

__all__ = ['Pool']
