"""Pistes d'action: the référentiel's recommended actions for its weak critères."""

from __future__ import annotations

from dataclasses import dataclass

from evalsoc.referentiel.model import Critere, Referentiel
from evalsoc.scoring.result import NodeScore, ScoreResult

__all__ = ["WeakCritere", "weak_criteres"]


@dataclass(frozen=True)
class WeakCritere:
    node: NodeScore
    critere: Critere


def weak_criteres(result: ScoreResult, referentiel: Referentiel) -> list[WeakCritere]:
    """Critères scored below the référentiel's threshold, weakest first."""
    nodes = result.nodes()
    weak = []
    for dim in referentiel.dimensions:
        for crit in dim.criteres:
            node = nodes.get(crit.id)
            if node and node.score is not None and node.score < referentiel.pistes_threshold:
                weak.append(WeakCritere(node, crit))
    return sorted(weak, key=lambda w: (w.node.score or 0.0, w.node.id))
