"""From the scoring layer's results to the charts' data, for a fiche structure.

Sector charts (distribution, heatmap, evolution) take their figures from
:mod:`evalsoc.stats` tables, already protected by statistical secrecy; the report layer
says which columns to read. Informational nodes (no score by design) are left out: they
are not *non évaluable*, they are not scored at all.
"""

from __future__ import annotations

from typing import Final

from evalsoc.charts.data import Axis, CompletenessItem, CritereScore, Profile
from evalsoc.referentiel.model import Referentiel
from evalsoc.scoring.result import AbsentReason, NodeScore, ScoreResult

__all__ = ["REASONS", "axes_of", "completeness_of", "criteres_of", "profile_of"]

REASONS: Final = {
    AbsentReason.NON_CONCERNE: "non concerné",
    AbsentReason.NE_SAIT_PAS: "ne sait pas",
    AbsentReason.UNANSWERED: "sans réponse",
    AbsentReason.NOT_COMPUTABLE: "non calculable",
    AbsentReason.TOO_FEW: "trop peu de répondants",
    AbsentReason.COVERAGE: "couverture insuffisante",
}


def _scored(nodes: tuple[NodeScore, ...]) -> list[NodeScore]:
    return [n for n in nodes if not n.informational]


def axes_of(referentiel: Referentiel) -> tuple[Axis, ...]:
    """The référentiel's dimensions, in its order, as the radar's axes."""
    return tuple(Axis(d.id, d.label) for d in referentiel.dimensions)


def profile_of(result: ScoreResult, name: str | None = None) -> Profile:
    """A structure's dimension scores; a dimension without score is non évaluable."""
    return Profile(name or result.structure.name or result.structure.id,
                   {d.id: d.score for d in _scored(result.dimensions)})


def criteres_of(result: ScoreResult) -> tuple[CritereScore, ...]:
    """Every scored critère under its dimension's label, with why it has no score."""
    return tuple(
        CritereScore(d.label, c.id, c.label, c.score,
                     REASONS.get(c.absent, "") if c.absent is not None else "")
        for d in _scored(result.dimensions) for c in _scored(d.children)
    )


def completeness_of(result: ScoreResult) -> tuple[CompletenessItem, ...]:
    """Completeness per dimension: the share of the applicable weight that was answered."""
    return tuple(CompletenessItem(d.label, min(max(d.completeness, 0.0), 1.0))
                 for d in _scored(result.dimensions))
