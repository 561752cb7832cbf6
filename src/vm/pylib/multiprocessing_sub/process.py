"""multiprocessing.process: the process classes (defined in gilsim's multiprocessing)."""
from multiprocessing import (BaseProcess, current_process, parent_process,
                             active_children)

__all__ = ['BaseProcess', 'current_process', 'active_children', 'parent_process']
