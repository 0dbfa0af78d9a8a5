"""Scores with their trace: every number can be followed down to the cells it came from."""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, TypeAdapter

from evalsoc.answers.model import AnswerStatus, CellRef, StructureInfo
from evalsoc.diagnostic.result import DiagnosticResult
from evalsoc.support.immutable import value_class

__all__ = ["AbsentReason", "AnswerTrace", "NodeScore", "ScoreResult", "node_json"]


class AbsentReason(StrEnum):
    NON_CONCERNE = "non_concerne"
    NE_SAIT_PAS = "ne_sait_pas"
    UNANSWERED = "sans_reponse"
    NOT_COMPUTABLE = "non_calculable"
    TOO_FEW = "trop_peu_de_repondants"
    COVERAGE = "couverture_insuffisante"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


@value_class  # read-only, built fast (see evalsoc.support.immutable)
class AnswerTrace:
    """One answer as it entered a score (a dataclass: there is one per answer)."""

    question: str
    respondent: str
    status: AnswerStatus | None  # None: no answer given
    raw: str | None = None
    normalised: str | None = None
    score: float | None = None  # the answer's own score in 0-100, where it has one
    rule: str = ""
    source: CellRef | None = None


@value_class  # read-only, built fast (see evalsoc.support.immutable)
class NodeScore:
    """A dimension, critère, indicator or question with its score or why it has none.

    A dataclass, built once with all its fields: a structure has a hundred of them.
    Pydantic serialises it inside :class:`ScoreResult`; :func:`node_json` gives one
    node's JSON form."""

    id: str
    kind: Literal["referentiel", "dimension", "critere", "indicateur", "question"]
    label: str
    score: float | None = None
    absent: AbsentReason | None = None
    informational: bool = False
    reason: str = ""
    rule: str = ""
    value: float | None = None
    level: int | None = None
    level_label: str | None = None
    weight: float = 1.0
    applicable_weight: float = 0.0
    present_weight: float = 0.0
    completeness: float = 0.0
    policy: str = ""
    respondents: int | None = None
    children: tuple[NodeScore, ...] = ()
    answers: tuple[AnswerTrace, ...] = ()

    def walk(self) -> Iterator[NodeScore]:
        yield self
        for child in self.children:
            yield from child.walk()


class ScoreResult(_Frozen):
    """All the scores of one structure under one référentiel version; with a diagnostic
    référentiel (or a bundle that has some), its ``diagnostics`` beside them, never
    mixed into a score (:mod:`evalsoc.diagnostic`)."""

    referentiel: str
    referentiel_hash: str
    engine_version: str
    structure: StructureInfo
    respondents: dict[str, int]
    dimensions: tuple[NodeScore, ...]
    overall: NodeScore | None = None
    diagnostics: tuple[DiagnosticResult, ...] = ()

    def nodes(self) -> dict[str, NodeScore]:
        roots = (*self.dimensions, *([self.overall] if self.overall else []))
        return {n.id: n for root in roots for n in root.walk() if n.kind != "question"}

    def find(self, node_id: str) -> NodeScore | None:
        return self.nodes().get(node_id)


_NODE_ADAPTER: TypeAdapter[NodeScore] = TypeAdapter(NodeScore)


def node_json(node: NodeScore) -> dict[str, Any]:
    """One node as in ``ScoreResult.model_dump(mode="json")``."""
    dumped: dict[str, Any] = _NODE_ADAPTER.dump_python(node, mode="json")
    return dumped
