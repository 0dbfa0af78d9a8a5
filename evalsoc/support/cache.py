"""Values worked out once per object, for objects that never change but are costly to
hash: a référentiel, its option lists, the questions a sheet is read for.

Such an object is looked up by identity; its id alone could be reused by another object
once it is freed, so the cache keeps the object alive beside its value and checks that
the object found is the very one asked for. A cache holds at most ``limit`` entries and
is emptied whole when full: the objects a batch works with are few, and live as long as
the batch.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

__all__ = ["IdentityCache"]

Owner = TypeVar("Owner")
V = TypeVar("V")


class IdentityCache(Generic[Owner, V]):
    """``cache.get(owner, make)``: ``make(owner)`` the first time, then the same value for
    the same object (``extra``: what else the value depends on, hashable)."""

    __slots__ = ("_entries", "_limit")

    def __init__(self, limit: int) -> None:
        self._entries: dict[tuple[int, Hashable], tuple[Owner, V]] = {}
        self._limit = limit

    def get(self, owner: Owner, make: Callable[[Owner], V], extra: Hashable = None) -> V:
        key = (id(owner), extra)
        found = self._entries.get(key)
        if found is not None and found[0] is owner:
            return found[1]
        value = make(owner)
        if len(self._entries) >= self._limit:
            self._entries.clear()
        self._entries[key] = (owner, value)
        return value

    def __len__(self) -> int:
        return len(self._entries)
