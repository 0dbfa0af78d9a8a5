"""One small cache helper for values worked out once per immutable object (issue 16,
point 2): by identity, never by equality, and never fooled by a reused id."""

from __future__ import annotations

import gc

from evalsoc.support.cache import IdentityCache


def test_a_value_is_made_once_per_object_and_extra_key() -> None:
    made: list[list[int]] = []
    cache: IdentityCache[list[int], int] = IdentityCache(8)

    def make(owner: list[int]) -> int:
        made.append(owner)
        return sum(owner)

    first = [1, 2]
    assert cache.get(first, make) == 3 and cache.get(first, make) == 3
    assert len(made) == 1
    equal = [1, 2]  # equal, but another object: its own entry
    assert equal is not first and cache.get(equal, make) == 3 and len(made) == 2
    assert cache.get(first, make, "autre") == 3 and len(made) == 3


def test_a_freed_object_never_lends_its_value_to_one_with_its_id() -> None:
    cache: IdentityCache[list[int], int] = IdentityCache(8)
    owner = [1]
    cache.get(owner, len)
    del owner
    gc.collect()
    # the cache keeps the first object alive: no other object can take its id
    reused = [[n, n] for n in range(100)]
    assert all(cache.get(r, len) == 2 for r in reused[:6])


def test_the_cache_is_emptied_when_full() -> None:
    cache: IdentityCache[tuple[int], int] = IdentityCache(4)
    keep = [(n,) for n in range(10)]
    for owner in keep:
        cache.get(owner, sum)
    assert len(cache) <= 4
    assert cache.get(keep[0], sum) == 0
