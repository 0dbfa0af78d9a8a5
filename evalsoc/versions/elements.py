"""The elements a crosswalk speaks of, indexed once per référentiel: nodes (dimensions,
critères, indicateurs) with their parent, and the questions each indicator reads."""

from __future__ import annotations

from dataclasses import dataclass

from evalsoc.referentiel.formula import FormulaError, names
from evalsoc.referentiel.model import (
    BandsScoring,
    Critere,
    Dimension,
    Indicateur,
    LinearScoring,
    Referentiel,
)
from evalsoc.support.cache import IdentityCache

__all__ = ["NodeRef", "nodes_of", "reads"]

Node = Dimension | Critere | Indicateur


@dataclass(frozen=True)
class NodeRef:
    id: str
    kind: str  # dimension, critere, indicateur
    node: Node
    parent: str | None
    dimension: str

    @property
    def label(self) -> str:
        return self.node.label

    @property
    def children(self) -> tuple[str, ...]:
        if isinstance(self.node, Dimension):
            return tuple(c.id for c in self.node.criteres)
        if isinstance(self.node, Critere):
            return tuple(i.id for i in self.node.indicateurs)
        return ()


def _index(ref: Referentiel) -> dict[str, NodeRef]:
    found: dict[str, NodeRef] = {}
    for dim in ref.dimensions:
        found.setdefault(dim.id, NodeRef(dim.id, "dimension", dim, None, dim.id))
        for crit in dim.criteres:
            found.setdefault(crit.id, NodeRef(crit.id, "critere", crit, dim.id, dim.id))
            for ind in crit.indicateurs:
                found.setdefault(ind.id, NodeRef(ind.id, "indicateur", ind, crit.id, dim.id))
    return found


_NODES: IdentityCache[Referentiel, dict[str, NodeRef]] = IdentityCache(32)


def nodes_of(ref: Referentiel) -> dict[str, NodeRef]:
    """Every node by id, in tree order (read only: shared)."""
    return _NODES.get(ref, _index)


def reads(ind: Indicateur) -> tuple[str, ...]:
    """The question ids an indicator's score is computed from (its formula's names, the
    question it names, or its own questions), in order."""
    scoring = ind.scoring
    if isinstance(scoring, (BandsScoring, LinearScoring)):
        if scoring.question:
            return (scoring.question,)
        if scoring.formula:
            try:
                return tuple(dict.fromkeys(names(scoring.formula)))
            except FormulaError:
                return ()
    return tuple(q.id for q in ind.questions)
