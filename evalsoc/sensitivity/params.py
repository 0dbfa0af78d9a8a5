"""The variants of a référentiel's choices that the robustness analysis draws.

Every draw ``d`` of :func:`draws` is one variant, the same for every structure (and for
both campaigns of a comparison): each indicator's and each critère's weight multiplied by
a factor drawn uniformly in [1 - ``weight``, 1 + ``weight``]; every node's minimum
coverage shifted by one amount drawn uniformly in [-``coverage``, +``coverage``] (kept in
0 to 1); and, with equal chances, the référentiel's own N/A policies or one of the
``policies`` applied to every node. Draw 0 is the référentiel itself: its scores are the
campaign's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from evalsoc.referentiel.model import NaPolicy

__all__ = ["OWN", "POLICIES", "Draws", "Variation", "draws"]

POLICIES = (NaPolicy.EXCLUDE, NaPolicy.ZERO, NaPolicy.MAX)
OWN = -1  # a draw that keeps the référentiel's own policies


@dataclass(frozen=True)
class Variation:
    """What varies and how much; the defaults are those the reports use."""

    draws: int = 1000
    seed: int = 1
    weight: float = 0.20  # ± share of each weight
    coverage: float = 0.10  # ± on the minimum coverage (a share, 0 to 1)
    policies: tuple[NaPolicy, ...] = POLICIES
    low: float = 5.0  # the interval of a median: these percentiles of its variants
    high: float = 95.0

    def __post_init__(self) -> None:
        if self.draws < 1:
            raise ValueError("draws")
        if not 0 <= self.weight < 1:
            raise ValueError("weight")
        if not 0 <= self.coverage <= 1:
            raise ValueError("coverage")


@dataclass(frozen=True)
class Draws:
    """``indicators`` (draws, indicators) and ``criteres`` (draws, critères) weight
    factors, ``shift`` (draws,) of coverage, ``policy`` (draws,) an index of
    :data:`POLICIES` or :data:`OWN`."""

    indicators: np.ndarray
    criteres: np.ndarray
    shift: np.ndarray
    policy: np.ndarray


def draws(variation: Variation, indicators: int, criteres: int) -> Draws:
    """The variants, reproducible from ``variation.seed``; draw 0 changes nothing."""
    rng = np.random.default_rng(variation.seed)
    n, w = variation.draws, variation.weight
    ind = rng.uniform(1 - w, 1 + w, size=(n, indicators))
    crit = rng.uniform(1 - w, 1 + w, size=(n, criteres))
    shift = rng.uniform(-variation.coverage, variation.coverage, size=n)
    chosen = [POLICIES.index(p) for p in variation.policies]
    policy = rng.choice(np.array([OWN, *chosen]), size=n)
    ind[0], crit[0], shift[0], policy[0] = 1.0, 1.0, 0.0, OWN
    return Draws(ind, crit, shift, policy)
