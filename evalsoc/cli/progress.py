"""Progress bars on batches: on stderr, only on a terminal, silent with --quiet."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from tqdm import tqdm

__all__ = ["bar"]

T = TypeVar("T")


def bar(label: str, quiet: bool = False) -> Callable[[Iterator[T], int], Iterable[T]]:
    """A progress callback for :func:`evalsoc.batch.run.read_all`."""

    def wrap(items: Iterator[T], total: int) -> Iterable[T]:
        if quiet or total < 2:
            return items
        shown: Iterable[T] = tqdm(items, total=total, desc=label, unit="fichier",
                                  file=sys.stderr, disable=None, leave=False)
        return shown

    return wrap
