"""Worker processes for batches, started safely.

Forking a process that already runs threads (Typst's and matplotlib's libraries, a
progress bar) can deadlock the child. Workers are therefore forked from a clean server
process ("forkserver"), which is also much cheaper than starting fresh interpreters.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

__all__ = ["worker_pool"]


def worker_pool(workers: int, initializer: Callable[..., Any] | None = None,
                initargs: tuple[Any, ...] = ()) -> ProcessPoolExecutor:
    method = "forkserver" if sys.platform.startswith("linux") else "spawn"
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method),
                               initializer=initializer, initargs=initargs)
