"""Weighted means with coverage: how children's scores become their parent's.

The same rule at every level (questions -> indicator, indicators -> critère, critères ->
dimension): present children count with their weight; non concerné children follow the
N/A policy; anything else absent (ne sait pas, no answer, not computable, too few
respondents, insufficient coverage) stays in the applicable weight and lowers coverage.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from math import floor as _floor
from typing import NamedTuple

from evalsoc.referentiel.model import NaPolicy
from evalsoc.scoring.result import AbsentReason, NodeScore
from evalsoc.support.formatting import fr_number, fr_percent

__all__ = ["DECIMALS", "SCALE", "Combined", "combine", "exact", "lone_weights",
           "policy_note"]

# Every score, value, share and coverage the engine computes is kept to this many
# decimals: what a computer's binary fractions add (74.99999999999997 for 75, 0.49999999999999994
# for a half) is gone, and every comparison with a threshold (levels, bands, coverage,
# pistes) is made on the exact figure a reader would compute by hand.
DECIMALS = 9


_SCALE = SCALE = 10.0 ** DECIMALS
_FAST = 1e6  # below this, value * _SCALE is an exact integer range for a float


def exact(value: float) -> float:
    """``value`` to :data:`DECIMALS` decimals (-0.0 as 0.0); runs for every node, so
    scores (0 to 100) and values under a million take a shorter way than ``round``."""
    if -_FAST < value < _FAST:
        return _floor(value * _SCALE + 0.5) / _SCALE
    return round(value, DECIMALS) + 0.0

_POLICY_SCORE = {NaPolicy.ZERO: 0.0, NaPolicy.MAX: 100.0}


class Combined(NamedTuple):
    score: float | None
    absent: AbsentReason | None
    reason: str
    rule: str
    applicable_weight: float
    present_weight: float
    completeness: float


_POLICY_NOTES = {
    NaPolicy.EXCLUDE: "non concerné : exclu du calcul (politique « exclude »)",
    NaPolicy.ZERO: "non concerné : compté 0 (politique « zero »)",
    NaPolicy.MAX: "non concerné : compté 100 (politique « max »)",
}


def policy_note(policy: NaPolicy) -> str:
    return _POLICY_NOTES[policy]


@lru_cache(maxsize=256)
def _needed(min_coverage: float) -> str:
    return f"{fr_percent(min_coverage)} requis"


def combine(children: Sequence[NodeScore], policies: Sequence[NaPolicy],
            min_coverage: float, trace: bool = True) -> Combined:
    """The weighted mean of ``children`` if their present weight reaches ``min_coverage``."""
    terms: list[float] = []
    present = applicable = 0.0
    scored = False
    for child, policy in zip(children, policies, strict=True):
        if child.informational:
            continue
        scored = True
        weight = child.weight
        if child.score is not None:
            terms.append(weight * child.score)
            present += weight
            applicable += weight
        elif child.absent is AbsentReason.NON_CONCERNE:
            if policy is not NaPolicy.EXCLUDE:
                terms.append(weight * _POLICY_SCORE[policy])
                present += weight
                applicable += weight
        else:
            applicable += weight
    if not scored:
        return Combined(None, None, "aucun élément noté (informatif)", "", 0.0, 0.0, 0.0)
    if applicable == 0:
        return Combined(None, AbsentReason.NON_CONCERNE,
                        "tous les éléments sont « non concerné »", "", 0.0, 0.0, 0.0)
    # exact (see DECIMALS), spelt out: this runs for every node
    completeness = 1.0 if present == applicable else \
        _floor(present / applicable * _SCALE + 0.5) / _SCALE
    if present == 0 or completeness < min_coverage:
        reason = (f"couverture {fr_percent(completeness)} du poids applicable, "
                  f"{_needed(min_coverage)} : non évaluable")
        return Combined(None, AbsentReason.COVERAGE, reason, "", applicable, present,
                        completeness)
    score = _floor(math.fsum(terms) / present * _SCALE + 0.5) / _SCALE  # 0 to 100: exact
    if not trace:
        return Combined(score, None, "", "", applicable, present, completeness)
    rule = (f"moyenne pondérée des éléments présents = {fr_number(score, 2)} "
            f"(poids présent {fr_number(present, 2)} / applicable {fr_number(applicable, 2)}, "
            f"couverture {fr_percent(completeness)}, {_needed(min_coverage)})")
    return Combined(score, None, "", rule, applicable, present, completeness)


def lone_weights(weight: float, score: float | None, absent: AbsentReason | None
                 ) -> tuple[float, float, float]:
    """The applicable weight, present weight and completeness :func:`combine` gives a
    single non-informational child under the « exclude » policy, without building it
    (an indicator with one question takes that question's score)."""
    if score is not None:
        present = applicable = 0.0 + weight  # the same sums as combine's
    elif absent is AbsentReason.NON_CONCERNE:
        return 0.0, 0.0, 0.0
    else:
        present, applicable = 0.0, 0.0 + weight
    return applicable, present, present / applicable  # 1 or 0: exact already
