"""Whether a change from one campaign to the next exceeds the noise of the variants.

The rule, one for the fiche and the synthèse: the change is recomputed under every
robustness variant (the same draw for both campaigns: for a structure, its score after
minus its score before; for a group, the median of those differences), and the noise is
the interval those changes span from the ``low`` to the ``high`` percentile of the
variants (5th and 95th by default). A change is a « hausse » only when that whole
interval lies above zero (no defensible variant of the référentiel's weights, minimum
coverage or N/A policy turns it into a fall) and it rounds to at least one whole point
(reports print whole points); a « baisse » symmetrically; otherwise it is « stable » —
in the noise of the variants when it rounds to a point or more, too small to print
otherwise. So a 4-point change carried by one indicator rising while another falls can be
noise, and a 3-point change of every indicator at once is real.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np

from evalsoc.sensitivity.summary import percentile_draws
from evalsoc.sensitivity.variants import Variants

__all__ = ["HALF_POINT", "Direction", "change_direction", "change_noise",
           "structure_change_noise"]

Direction = Literal["hausse", "baisse", "stable"]
HALF_POINT = 0.5  # below this, the change prints as 0 point: never a « hausse »


def change_noise(deltas: np.ndarray, low: float, high: float
                 ) -> tuple[float, float] | None:
    """The ``low`` to ``high`` percentile (nearest rank) of the changes under each
    variant, NaN left out (None when no variant gives a change)."""
    values = np.asarray(deltas, dtype=float)
    chosen = percentile_draws(values, low, high)
    if chosen is None:
        return None
    return float(values[chosen[0]]), float(values[chosen[1]])


def change_direction(change: float, noise: tuple[float, float] | None) -> Direction:
    """« hausse » / « baisse » when ``change`` and its whole ``noise`` interval are on
    one side of zero and it rounds to a whole point at least, else « stable »."""
    if noise is None or abs(change) < HALF_POINT - 1e-9:
        return "stable"
    if change > 0 and noise[0] > 0:
        return "hausse"
    if change < 0 and noise[1] < 0:
        return "baisse"
    return "stable"


def structure_change_noise(before: Variants, after: Variants, structure: str,
                           dimensions: Sequence[str]) -> dict[str, tuple[float, float]]:
    """Per dimension scored in both campaigns, the noise interval of ``structure``'s
    change (draw ``d`` of one campaign against draw ``d`` of the other)."""
    if structure not in before.structures or structure not in after.structures:
        return {}
    b, a = before.position(structure), after.position(structure)
    draws = min(before.scores.shape[0], after.scores.shape[0])
    found: dict[str, tuple[float, float]] = {}
    for dim in dimensions:
        if dim not in before.dimensions or dim not in after.dimensions:
            continue
        deltas = after.column(dim)[:draws, a] - before.column(dim)[:draws, b]
        noise = change_noise(deltas, after.variation.low, after.variation.high)
        if noise is not None:
            found[dim] = noise
    return found
