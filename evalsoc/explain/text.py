"""Scores told in French, from the dimension down to each answer and its cell."""

from __future__ import annotations

from collections.abc import Iterable

from evalsoc.answers.model import Comment
from evalsoc.scoring.result import AbsentReason, AnswerTrace, NodeScore, ScoreResult
from evalsoc.support.formatting import fr_percent, fr_score

__all__ = ["ABSENT_LABELS", "completeness_text", "explain_text", "node_status",
           "nothing_applies"]

ABSENT_LABELS = {
    AbsentReason.NON_CONCERNE: "non concerné",
    AbsentReason.NE_SAIT_PAS: "ne sait pas",
    AbsentReason.UNANSWERED: "sans réponse",
    AbsentReason.NOT_COMPUTABLE: "non calculable",
    AbsentReason.TOO_FEW: "trop peu de répondants",
    AbsentReason.COVERAGE: "non évaluable",
}
_KINDS = {"referentiel": "Ensemble", "dimension": "Dimension", "critere": "Critère",
          "indicateur": "Indicateur", "question": "Question"}


def nothing_applies(node: NodeScore) -> bool:
    """A node all of whose elements are « non concerné »: its completeness is
    meaningless (nothing applied, so nothing could be missing), never « 0 % »."""
    return node.absent is AbsentReason.NON_CONCERNE and node.applicable_weight == 0


def completeness_text(node: NodeScore) -> str:
    """« 75 % », or « sans objet » when nothing applies to the node."""
    return "sans objet" if nothing_applies(node) else fr_percent(node.completeness)


def node_status(node: NodeScore) -> str:
    if node.score is not None:
        level = f", niveau {node.level} « {node.level_label} »" if node.level else ""
        return f"{fr_score(node.score)}/100{level}"
    if node.informational:
        return "informatif (non noté)"
    return ABSENT_LABELS.get(node.absent, "—") if node.absent else "—"


Said = dict[tuple[str, str], str]  # (respondent, question) -> the comment written beside


def explain_text(result: ScoreResult, node_id: str | None = None,
                 comments: Iterable[Comment] = ()) -> str:
    """The trace of every node, or of one node and what lies beneath it; under each
    answer, the comment written beside it, if any."""
    said: Said = {(c.respondent, c.question): " / ".join(c.text.split("\n"))
                  for c in comments}
    lines = [
        f"Structure : {result.structure.name or result.structure.id} ({result.structure.id})",
        f"Référentiel : {result.referentiel} (empreinte {result.referentiel_hash[:12]}), "
        f"moteur evalsoc {result.engine_version}",
        "Répondants : " + ", ".join(f"{g} {n}" for g, n in sorted(result.respondents.items())),
        "",
    ]
    roots = list(result.dimensions)
    if node_id is not None:
        found = result.find(node_id)
        if found is None:
            raise KeyError(node_id)
        roots = [found]
    if result.overall is not None and node_id is None:
        lines.extend(_node(result.overall, 0, said))
    for root in roots:
        lines.extend(_node(root, 0, said))
    return "\n".join(lines)


def _node(node: NodeScore, depth: int, said: Said) -> list[str]:
    pad = "  " * depth
    head = f"{pad}{_KINDS[node.kind]} {node.id} « {node.label} » : {node_status(node)}"
    lines = [head]
    detail = pad + "  "
    if node.kind != "question" and node.weight != 1:
        lines.append(f"{detail}poids {fr_score(node.weight)}")
    if node.rule:
        lines.append(f"{detail}calcul : {node.rule}")
    if node.reason:
        lines.append(f"{detail}raison : {node.reason}")
    if node.policy:
        lines.append(f"{detail}{node.policy}")
    if node.kind in ("dimension", "critere") and node.applicable_weight:
        lines.append(f"{detail}complétude {fr_percent(node.completeness)}")
    for answer in node.answers:
        lines.append(detail + _answer(answer))
        if (comment := said.get((answer.respondent, answer.question))) is not None:
            lines.append(f"{detail}  commentaire : « {comment} »")
    for child in node.children:
        lines.extend(_node(child, depth + 1, said))
    return lines


def _answer(answer: AnswerTrace) -> str:
    where = ""
    if answer.source and answer.source.cell:
        where = f" [{answer.source.sheet}!{answer.source.cell}]"
    raw = f"« {answer.raw} »" if answer.raw is not None else "(vide)"
    shown = f" → {answer.normalised}" if answer.normalised not in (None, answer.raw) else ""
    rule = f" ; {answer.rule}" if answer.rule else ""
    return f"· {answer.respondent} / {answer.question}{where} : {raw}{shown}{rule}"
