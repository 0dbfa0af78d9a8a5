"""The same variants computed the plain way: node by node with the engine's own
:func:`~evalsoc.scoring.combine.combine`, one structure and one draw at a time.

It is the definition :mod:`~evalsoc.sensitivity.variants` is checked against (tests) and
the baseline its speed is measured against (``benchmarks/bench_sensitivity.py``); no
command uses it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
import pandas as pd

from evalsoc.referentiel.model import Referentiel
from evalsoc.scoring.combine import combine
from evalsoc.scoring.result import AbsentReason, NodeScore
from evalsoc.sensitivity.params import OWN, POLICIES, Variation, draws
from evalsoc.sensitivity.variants import tree_of

__all__ = ["reference_scores"]


@dataclass(frozen=True)
class _Child:
    """What :func:`combine` reads of a child node."""

    weight: float
    score: float | None
    absent: AbsentReason | None
    informational: bool = False


def reference_scores(scores: pd.DataFrame, ref: Referentiel, variation: Variation,
                     structures: Sequence[str], draw_ids: Sequence[int]) -> np.ndarray:
    """(draws, structures, dimensions) as :func:`variants_of` gives them, for the
    ``draw_ids`` asked (same seed, same draws)."""
    tree = tree_of(ref)
    drawn = draws(variation, len(tree.indicators), len(tree.criteres))
    rows = scores[scores["type"] == "indicateur"]
    table: dict[tuple[str, str], tuple[float, str | None]] = {
        (str(s), str(n)): (float(v), a if isinstance(a, str) else None)
        for s, n, v, a in zip(rows["structure_id"], rows["noeud"],
                              rows["score"].astype(float), rows["absence"], strict=True)}
    out = np.full((len(draw_ids), len(structures), len(tree.dimensions)), np.nan)
    for k, d in enumerate(draw_ids):
        chosen = int(drawn.policy[d])
        override = None if chosen == OWN else POLICIES[chosen]
        for s, structure in enumerate(structures):
            crits: list[_Child] = []
            for c in range(len(tree.criteres)):
                children, policies = [], []
                for i in np.flatnonzero(tree.in_critere[:, c]):
                    found = table.get((structure, tree.indicators[i]))
                    if found is None:  # no row: counts for nothing, as in variants_of
                        continue
                    score, absence = found
                    present = not np.isnan(score)
                    reason = None if present else _REASONS.get(absence or "",
                                                               AbsentReason.UNANSWERED)
                    children.append(_Child(float(tree.indicator_weight[i]
                                                 * drawn.indicators[d, i]),
                                           float(score) if present else None, reason))
                    policies.append(override or tree.indicator_policy[i])
                coverage = min(max(tree.critere_coverage[c] + drawn.shift[d], 0.0), 1.0)
                done = combine(cast(list[NodeScore], children), policies, coverage, False)
                crits.append(_Child(float(tree.critere_weight[c] * drawn.criteres[d, c]),
                                    done.score, done.absent, _informational(done.score,
                                                                            done.absent)))
            for m in range(len(tree.dimensions)):
                members = np.flatnonzero(tree.in_dimension[:, m])
                coverage = min(max(tree.dimension_coverage[m] + drawn.shift[d], 0.0), 1.0)
                done = combine(cast(list[NodeScore], [crits[c] for c in members]),
                               [override or tree.critere_policy[c] for c in members],
                               coverage, False)
                if done.score is not None:
                    out[k, s, m] = done.score
    return out


_REASONS = {r.value: r for r in AbsentReason}


def _informational(score: float | None, absent: AbsentReason | None) -> bool:
    return score is None and absent is None

