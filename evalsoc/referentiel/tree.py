"""Facts about each node of a référentiel that tables need: kind, label, dimension,
the respondent group its answers come from, tags."""

from __future__ import annotations

from dataclasses import dataclass

from evalsoc.referentiel.formula import names
from evalsoc.referentiel.model import BandsScoring, Indicateur, LinearScoring, Referentiel

__all__ = ["NodeInfo", "node_infos", "source_group"]


@dataclass(frozen=True)
class NodeInfo:
    id: str
    kind: str
    label: str
    dimension: str
    source_group: str | None
    tags: tuple[str, ...]
    weight: float


def source_group(ref: Referentiel, ind: Indicateur) -> str:
    """The group whose answers feed the indicator, or "mixte"."""
    read = {q.id for q in ind.questions}
    scoring = ind.scoring
    if isinstance(scoring, (BandsScoring, LinearScoring)):
        read = set(names(scoring.formula)) if scoring.formula else read
        if scoring.question:
            read = {scoring.question}
    questions = ref.questions()
    groups = {questions[q].group for q in read if q in questions}
    return groups.pop() if len(groups) == 1 else "mixte"


def node_infos(ref: Referentiel) -> dict[str, NodeInfo]:
    infos: dict[str, NodeInfo] = {}
    for dim in ref.dimensions:
        infos[dim.id] = NodeInfo(dim.id, "dimension", dim.label, dim.id, None, dim.tags,
                                 dim.weight)
        for crit in dim.criteres:
            infos[crit.id] = NodeInfo(crit.id, "critere", crit.label, dim.id, None,
                                      crit.tags, crit.weight)
            for ind in crit.indicateurs:
                infos[ind.id] = NodeInfo(ind.id, "indicateur", ind.label, dim.id,
                                         source_group(ref, ind), ind.tags, ind.weight)
    return infos
