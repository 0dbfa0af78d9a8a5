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
    if not sys.platform.startswith("linux"):
        context = multiprocessing.get_context("spawn")
    else:
        context = multiprocessing.get_context("forkserver")
        # the server imports the batch code once; every worker forked from it starts warm
        context.set_forkserver_preload(["__main__", "evalsoc.batch"])
    return ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=initializer, initargs=initargs)
