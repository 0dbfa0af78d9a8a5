"""The parts of a fiche that read more than one node: how each respondent group sees
each dimension, which free-text answers are quoted, and why a node has no score.

Pure functions of a score result and its référentiel; :mod:`evalsoc.reports.fiche.build`
assembles them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from evalsoc.answers.model import AnswerSet, AnswerStatus
from evalsoc.catalogue import Code
from evalsoc.explain.text import ABSENT_LABELS
from evalsoc.referentiel.model import Node, QuestionType, Referentiel
from evalsoc.referentiel.tree import source_group
from evalsoc.reports.base import message as text
from evalsoc.reports.fiche.model import CommentView, GroupMeanView, Quote, Unscored
from evalsoc.scoring.result import AbsentReason, NodeScore, ScoreResult
from evalsoc.support.formatting import fr_number, fr_percent

__all__ = ["COMMENT_CHARS", "MAX_QUOTES", "QUOTE_CHARS", "Verbatim", "balanced",
           "collection_of", "comment_views", "group_means", "mirror_means", "pick_quotes",
           "reserved", "unscored", "verbatims_of", "why"]

MAX_QUOTES = 6
QUOTE_CHARS = 240
MIXED = "mixte"
KINDS = {"dimension": "Dimension", "critere": "Critère", "indicateur": "Indicateur"}
_TOO_FEW = re.compile(r"(\d+) réponse\(s\) exploitable\(s\) du groupe « ([^»]+) », (\d+)")
_MISSING = re.compile(r"donnée manquante pour la formule : ([^)]*)\)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


@dataclass(frozen=True, slots=True)
class Verbatim:
    """One free-text answer: the group and question it answers, never who wrote it."""

    group: str
    question: str
    text: str


def _indicators(dimension: NodeScore) -> Iterable[NodeScore]:
    for critere in dimension.children:
        yield from (i for i in critere.children if i.kind == "indicateur")


def group_means(result: ScoreResult, ref: Referentiel) -> tuple[GroupMeanView, ...]:
    """Per dimension and respondent group, the mean score of the indicators that group's
    answers feed (indicators fed by several groups are left out), groups in the
    référentiel's order. A référentiel that declares mirror items is read on them only
    (:func:`mirror_means`): the other indicators of each group do not measure the same
    thing, and their gap is no divergence."""
    if ref.mirrors():
        return mirror_means(result, ref)
    indicateurs = {i.id: i for i in ref.indicateurs()}
    order = {g.id: n for n, g in enumerate(ref.groups)}
    out: list[GroupMeanView] = []
    for dim in result.dimensions:
        scores: dict[str, list[float]] = {}
        for node in _indicators(dim):
            if node.score is None or node.informational or node.id not in indicateurs:
                continue
            group = source_group(ref, indicateurs[node.id])
            if group != MIXED:
                scores.setdefault(group, []).append(node.score)
        for group in sorted(scores, key=lambda g: order.get(g, len(order))):
            found = ref.group(group)
            values = scores[group]
            out.append(GroupMeanView(
                dimension=dim.id, dimension_label=dim.label, group=group,
                group_label=found.label if found else group, mean=sum(values) / len(values),
                indicators=len(values), respondents=result.respondents.get(group)))
    return tuple(out)


def _question_scores(result: ScoreResult, ref: Referentiel) -> dict[str, tuple[str, float]]:
    """Each scored question's dimension and score: its own node in an indicator of
    several questions, or the indicator's score when it asks that question alone."""
    alone = {i.id: i.questions[0].id for i in ref.indicateurs() if len(i.questions) == 1}
    found: dict[str, tuple[str, float]] = {}
    for dim in result.dimensions:
        for node in _indicators(dim):
            if node.id in alone and node.score is not None and not node.informational:
                found[alone[node.id]] = (dim.id, node.score)
            for child in node.children:
                if child.kind == "question" and child.score is not None:
                    found[child.id] = (dim.id, child.score)
    return found


def mirror_means(result: ScoreResult, ref: Referentiel) -> tuple[GroupMeanView, ...]:
    """One row per mirror item (one statement asked of several groups) that at least two
    groups answered: each group's score on it, groups in the référentiel's order. The
    row is named after the indicator that asks the item (``dimension`` is the mirror
    key), so that a gap is only ever read between answers to the same statement."""
    scores = _question_scores(result, ref)
    order = {g.id: n for n, g in enumerate(ref.groups)}
    holder = {q.id: i.label for i in ref.indicateurs() for q in i.questions}
    out: list[GroupMeanView] = []
    for key, questions in ref.mirrors().items():
        seen = sorted(((q, scores[q.id][1]) for q in questions if q.id in scores),
                      key=lambda item: order.get(item[0].group, len(order)))
        if len({q.group for q, _ in seen}) < 2:
            continue
        for question, score in seen:
            found = ref.group(question.group)
            out.append(GroupMeanView(
                dimension=key, dimension_label=holder[questions[0].id],
                group=question.group, group_label=found.label if found else question.group,
                mean=score, indicators=1, respondents=result.respondents.get(question.group)))
    return tuple(out)


def collection_of(answers: AnswerSet, ref: Referentiel) -> dict[str, str]:
    """Per group declaring ``collection`` questions, the structure's answers to them, as
    one line (« Sur papier, pendant les activités ; En ligne · 4 occasions · 60
    questionnaires »: a number with its unit)."""
    questions = ref.questions()
    given = {a.question: a for a in answers.answers
             if a.respondent == "structure" and a.status is AnswerStatus.ANSWERED}
    found: dict[str, str] = {}
    for group in ref.groups:
        parts = []
        for ident in group.collection:
            answer, question = given.get(ident), questions.get(ident)
            if answer is None or question is None or answer.value is None:
                continue
            value = answer.value
            if isinstance(value, float):
                parts.append(f"{fr_number(value, 0)} {question.unit}" if question.unit
                             else f"{question.label.rstrip(' ?')} : {fr_number(value, 0)}")
            else:
                codes = value if isinstance(value, tuple) else (value,)
                labels = {o.code: o.label for o in ref.options_of(question)}
                parts.append(" ; ".join(labels.get(c, c) for c in codes))
        if parts:
            found[group.id] = " · ".join(parts)
    return found


def verbatims_of(answers: AnswerSet, ref: Referentiel) -> list[Verbatim]:
    """The free-text answers (questions of type text), in answer order."""
    questions = ref.questions()
    groups = {r.id: r.group for r in answers.respondents}
    found = []
    for answer in answers.answers:
        question = questions.get(answer.question)
        if (question is None or question.type is not QuestionType.TEXT
                or answer.status is not AnswerStatus.ANSWERED
                or not isinstance(answer.value, str) or not answer.value.strip()):
            continue
        group = groups.get(answer.respondent, question.group)
        found.append(Verbatim(group, question.id, answer.value))
    return found


COMMENT_CHARS = 800  # a comment longer than this is cut, with « […] », in the fiche


def comment_views(answers: AnswerSet, ref: Referentiel,
                  respondents: bool = True) -> tuple[CommentView, ...]:
    """The comments of an answer set, in the référentiel's order of questions: the
    structure's first (its own words), then, when ``respondents``, those of its
    respondents, attributed to their group only."""
    questions = ref.questions()
    order = {qid: n for n, qid in enumerate(questions)}
    groups = {r.id: r.group for r in answers.respondents}
    own, others = [], []
    for comment in sorted(answers.comments, key=lambda c: (order.get(c.question, 0),
                                                           c.respondent)):
        question = questions.get(comment.question)
        cleaned = _clean(comment.text)
        if question is None or not cleaned:
            continue
        text, cut = _shorten(cleaned, COMMENT_CHARS)
        group_id = groups.get(comment.respondent, question.group)
        group = ref.group(group_id)
        if group is not None and not group.multiple:
            own.append(CommentView(question=question.label, text=text, shortened=cut))
        elif respondents:
            others.append(CommentView(question=question.label, text=text, shortened=cut,
                                      group_label=group.label if group else group_id))
    return (*own, *others)


def _clean(raw: str) -> str:
    return " ".join(_CONTROL.sub(" ", unicodedata.normalize("NFC", raw)).split())


def _shorten(cleaned: str, length: int) -> tuple[str, bool]:
    if len(cleaned) <= length:
        return cleaned, False
    cut = cleaned[:length].rsplit(" ", 1)[0] if " " in cleaned[:length] else cleaned[:length]
    return cut.rstrip(" ,;:.-–") + " […]", True


# words by which a respondent expresses a reservation, a lack or a wish (lowercase)
RESERVATION = ("mais ", "manque", "dommage", "regret", "difficile", "pas assez", "trop ",
               "aurait", "pourrait", "faudrait", "souhait", "améliorer", "hélas",
               "malheureusement", "insuffisant", "peu de ", "moins ")


def reserved(text: str) -> bool:
    """Whether a free text voices a reservation (a lack, a wish, a criticism)."""
    low = f" {text.casefold()} "
    return any(word in low for word in RESERVATION)


def balanced(texts: list[str]) -> list[str]:
    """Praise and reservations in turn (each in answer order), so that the first quotes
    shown are not all of one kind when both were said."""
    praise = [t for t in texts if not reserved(t)]
    doubts = [t for t in texts if reserved(t)]
    out: list[str] = []
    for i in range(max(len(praise), len(doubts))):
        out += [*praise[i:i + 1], *doubts[i:i + 1]]
    return out


def pick_quotes(verbatims: Sequence[Verbatim], ref: Referentiel, limit: int = MAX_QUOTES,
                length: int = QUOTE_CHARS) -> tuple[tuple[Quote, ...], int]:
    """At most ``limit`` distinct quotes, taken in turn from each question so that every
    group heard is represented, praise and reservations in turn within a question
    (:func:`balanced`), each cut to ``length`` characters; and how many distinct texts
    there were."""
    by_question: dict[str, list[str]] = {}
    group_of: dict[str, str] = {}
    seen: set[str] = set()
    for item in verbatims:
        cleaned = _clean(item.text)
        if cleaned and cleaned.casefold() not in seen:
            seen.add(cleaned.casefold())
            by_question.setdefault(item.question, []).append(cleaned)
            group_of.setdefault(item.question, item.group)
    by_question = {q: balanced(texts) for q, texts in by_question.items()}
    questions = ref.questions()
    picked: list[Quote] = []
    rank = 0
    while len(picked) < limit and any(rank < len(v) for v in by_question.values()):
        for question, texts in by_question.items():
            if rank < len(texts) and len(picked) < limit:
                shown, cut = _shorten(texts[rank], length)
                group = ref.group(group_of[question])
                picked.append(Quote(text=shown, shortened=cut,
                                    group_label=group.label if group else group_of[question],
                                    question=questions[question].label))
        rank += 1
    return tuple(picked), len(seen)


def _nodes(ref: Referentiel) -> dict[str, Node]:
    nodes: dict[str, Node] = {}
    for dim in ref.dimensions:
        nodes[dim.id] = dim
        for crit in dim.criteres:
            nodes[crit.id] = crit
            nodes.update((i.id, i) for i in crit.indicateurs)
    return nodes


def _missing(node: NodeScore, ref: Referentiel) -> str:
    questions = ref.questions()
    match = _MISSING.search(node.reason)
    ids = [q.strip() for q in match.group(1).split(",")] if match else []
    if not ids:
        ids = list(dict.fromkeys(a.question for a in node.answers))
    if not ids:
        spec = next((i for i in ref.indicateurs() if i.id == node.id), None)
        ids = [q.id for q in spec.questions] if spec else []
    labels = [f"« {questions[q].label} »" for q in ids if q in questions]
    if not labels:
        return ""
    where = "à la question" if len(labels) == 1 else "aux questions"
    return text(Code.FIC_WHY_MISSING, questions=f"{where} {', '.join(labels)}")


def why(node: NodeScore, ref: Referentiel, required: float | None = None) -> str:
    """Why ``node`` has no score, in a plain French sentence (from its trace)."""
    absent = node.absent
    if absent is AbsentReason.NON_CONCERNE:
        sentence = text(Code.FIC_WHY_NON_CONCERNE)
    elif absent is AbsentReason.NE_SAIT_PAS:
        sentence = text(Code.FIC_WHY_NE_SAIT_PAS, missing=_missing(node, ref))
    elif absent is AbsentReason.UNANSWERED:
        sentence = text(Code.FIC_WHY_UNANSWERED, missing=_missing(node, ref))
    elif absent is AbsentReason.TOO_FEW and (match := _TOO_FEW.search(node.reason)):
        group = ref.group(match.group(2))
        sentence = text(Code.FIC_WHY_TOO_FEW, n=match.group(1), minimum=match.group(3),
                        group=group.label if group else match.group(2))
    elif absent is AbsentReason.COVERAGE:
        sentence = text(Code.FIC_WHY_COVERAGE, share=fr_percent(node.completeness),
                        required=fr_percent(ref.min_coverage if required is None
                                            else required))
    elif absent is AbsentReason.NOT_COMPUTABLE:
        detail = node.reason.removeprefix("non calculable : ")
        sentence = text(Code.FIC_WHY_NOT_COMPUTABLE, detail=detail)
    else:
        sentence = node.reason or (ABSENT_LABELS[absent] if absent else "")
    return sentence[:1].upper() + sentence[1:]


def unscored(result: ScoreResult, ref: Referentiel) -> tuple[Unscored, ...]:
    """Every dimension, critère and indicator without a score (informational ones are not
    scored by design and are left out), in the tree's order."""
    nodes = _nodes(ref)
    out = []
    for dim in result.dimensions:
        for node in dim.walk():
            if node.kind not in KINDS or node.score is not None or node.informational:
                continue
            spec = nodes.get(node.id)
            required = spec.min_coverage if spec is not None else None
            status = ABSENT_LABELS.get(node.absent, "non évaluable") if node.absent else (
                "non évaluable")
            out.append(Unscored(id=node.id, kind=KINDS[node.kind], label=node.label,
                                status=status, why=why(node, ref, required)))
    return tuple(out)
