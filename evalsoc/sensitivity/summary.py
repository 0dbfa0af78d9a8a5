"""What the variants say about published figures: the interval a median moves in, and
whether a change from one campaign to the next exceeds that noise.

An interval's bounds are *themselves* medians: those of two variants, the ones at the
``low`` and ``high`` percentiles of the variants' medians (nearest rank). So each bound is
a figure the publication auditor can reason about like any median (the median of the
members' scores plus each one's deviation under that variant).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from evalsoc.sensitivity.variants import Variants

__all__ = ["Bound", "Interval", "change_interval", "median_interval", "percentile_draws"]


@dataclass(frozen=True)
class Bound:
    value: float
    draw: int  # the variant whose median it is
    members: tuple[str, ...]  # the members that have a score under that variant


@dataclass(frozen=True)
class Interval:
    low: Bound
    high: Bound

    def holds(self, value: float) -> bool:
        return self.low.value - 1e-9 <= value <= self.high.value + 1e-9


def percentile_draws(values: np.ndarray, low: float, high: float) -> tuple[int, int] | None:
    """The draws at the ``low`` and ``high`` percentiles of ``values`` (nearest rank,
    NaN left out)."""
    kept = np.flatnonzero(~np.isnan(values))
    if not len(kept):
        return None
    order = kept[np.argsort(values[kept], kind="stable")]
    last = len(order) - 1
    return int(order[round(low / 100 * last)]), int(order[round(high / 100 * last)])


def _members(variants: Variants, members: Sequence[str]) -> tuple[list[int], list[str]]:
    index = {s: i for i, s in enumerate(variants.structures)}
    kept = [m for m in members if m in index]
    return [index[m] for m in kept], kept


def median_interval(variants: Variants, members: Sequence[str], dimension: str
                    ) -> Interval | None:
    """The interval of the median of ``members``' scores on ``dimension`` across the
    variants (None when no variant gives any of them a score)."""
    rows, kept = _members(variants, members)
    if not rows:
        return None
    column = variants.column(dimension)[:, rows]
    medians = _medians(column)
    chosen = percentile_draws(medians, variants.variation.low, variants.variation.high)
    if chosen is None:
        return None

    def bound(draw: int) -> Bound:
        has = ~np.isnan(column[draw])
        return Bound(float(medians[draw]), draw, tuple(m for m, h in zip(kept, has,
                                                                           strict=True) if h))
    return Interval(bound(chosen[0]), bound(chosen[1]))


def change_interval(before: Variants, after: Variants, members: Sequence[str],
                    dimension: str) -> tuple[float, float] | None:
    """The interval of the median change of ``members`` on ``dimension`` (after minus
    before, structures scored both times) across the variants."""
    rows_b, kept = _members(before, members)
    rows_a, kept_a = _members(after, kept)
    if not rows_a or kept_a != kept:
        return None
    delta = after.column(dimension)[:, rows_a] - before.column(dimension)[:, rows_b]
    medians = _medians(delta)
    chosen = percentile_draws(medians, after.variation.low, after.variation.high)
    if chosen is None:
        return None
    return float(medians[chosen[0]]), float(medians[chosen[1]])


def _medians(values: np.ndarray) -> np.ndarray:
    """Each variant's median (NaN for a variant that scores nobody, without numpy's
    « All-NaN slice » warning)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.asarray(np.nanmedian(values, axis=1))
