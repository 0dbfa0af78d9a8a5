"""The hidden truth behind a simulated structure: how good it is, dimension by dimension.

Every structure has an overall level (standard normal) and, per dimension, that level
plus its own deviation; each answer adds noise around its dimension. Answers are thus
correlated within a structure, as real ones are. A later campaign (``year`` after the
reference year) starts from the same profile and drifts a little each year.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from evalsoc.simulate.hints import Latent
from evalsoc.simulate.registry import SimStructure

__all__ = ["BASE_YEAR", "Profile", "draw_profile", "rank", "stream"]

BASE_YEAR = 2025  # the year the registry's budgets describe


@dataclass(frozen=True)
class Profile:
    overall: float
    dimensions: dict[str, float]
    budget: float


def stream(*parts: object) -> random.Random:
    """An independent random stream for one purpose (string seeds are stable across runs)."""
    return random.Random(":".join(str(p) for p in ("evalsoc-sim", *parts)))


def rank(z: float, sd: float = 1.0) -> float:
    """A normal draw of standard deviation ``sd`` as a rank in (0, 1)."""
    return 0.5 * (1.0 + math.erf(z / (sd * math.sqrt(2.0))))


def draw_profile(sim: SimStructure, dimensions: list[str], latent: Latent, seed: int,
                 year: int) -> Profile:
    """The structure's levels in ``year``: the reference profile plus one drift per year."""
    rng = stream("profile", seed, sim.info.id)
    overall = rng.gauss(0.0, 1.0)
    levels = {d: overall + rng.gauss(0.0, latent.dimension_sd) for d in dimensions}
    budget = sim.budget
    sign = 1 if year >= BASE_YEAR else -1
    for step in range(1, abs(year - BASE_YEAR) + 1):
        drift = stream("drift", seed, sim.info.id, sign * step)
        common = drift.gauss(0.0, latent.drift_sd)
        overall += common
        levels = {d: z + common + drift.gauss(0.0, latent.drift_sd / 2) for d, z in
                  levels.items()}
        growth = drift.gauss(0.02, latent.budget_drift_sd)
        budget = round(budget * math.exp(growth * sign), -2)
    return Profile(overall, levels, budget)
