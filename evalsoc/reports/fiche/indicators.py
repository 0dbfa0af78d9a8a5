"""The fiche's « Détail par indicateur »: every indicator of the structure's result with
its kind and direction (issue 18: réalisation / résultat / impact was typed in the
référentiel and shown nowhere; a « lower is better » indicator read backwards)."""

from __future__ import annotations

from evalsoc.explain.text import ABSENT_LABELS
from evalsoc.referentiel.model import Referentiel
from evalsoc.referentiel.reading import direction_label, kind_label
from evalsoc.reports.fiche.model import IndicatorView
from evalsoc.scoring.result import NodeScore, ScoreResult

__all__ = ["INFORMATIONAL", "indicator_views"]

INFORMATIONAL = "informatif, non noté"


def _status(node: NodeScore) -> str:
    if node.informational:
        return INFORMATIONAL
    if node.score is not None:
        return ""
    return ABSENT_LABELS[node.absent] if node.absent else "non évaluable"


def indicator_views(result: ScoreResult, ref: Referentiel) -> tuple[IndicatorView, ...]:
    """Every indicator in the tree's order, under its critère."""
    specs = {i.id: i for i in ref.indicateurs()}
    out = []
    for dim in result.dimensions:
        for critere in dim.children:
            if critere.kind != "critere":
                continue
            for node in critere.children:
                spec = specs.get(node.id)
                if node.kind != "indicateur" or spec is None:
                    continue
                out.append(IndicatorView(
                    id=node.id, label=node.label, critere=critere.id,
                    kind=kind_label(spec), direction=direction_label(spec),
                    score=node.score, status=_status(node)))
    return tuple(out)
