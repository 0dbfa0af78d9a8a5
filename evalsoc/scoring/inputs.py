"""From the answers to one question to a value or a score, one respondent or a whole group."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from math import floor
from operator import attrgetter
from typing import NamedTuple

from evalsoc.answers.model import Answer, AnswerSet, AnswerStatus
from evalsoc.scoring.combine import SCALE, exact
from evalsoc.scoring.plan import InputPlan, Plan, QuestionPlan
from evalsoc.scoring.result import AbsentReason, AnswerTrace
from evalsoc.support.formatting import fr_number, fr_percent

__all__ = ["Context", "Outcome", "answer_score", "question_outcome"]

_BY_RESPONDENT = attrgetter("respondent")
_ANSWERED = AnswerStatus.ANSWERED


@dataclass(frozen=True, slots=True)
class Context:
    """The answers of one structure, indexed for scoring."""

    plan: Plan
    by_question: dict[str, list[Answer]]  # each question's answers, by respondent
    respondents: dict[str, int] = field(default_factory=dict)
    trace: bool = True  # build the explanations (rules, answer traces): the costlier part
    outcomes: dict[InputPlan, Outcome] = field(default_factory=dict)

    @classmethod
    def build(cls, plan: Plan, answer_set: AnswerSet, trace: bool = True) -> Context:
        by_question: dict[str, list[Answer]] = {}
        for answer in answer_set.answers:
            found = by_question.get(answer.question)
            if found is None:
                by_question[answer.question] = [answer]
            else:
                found.append(answer)
        # each question's answers by respondent, ties in the order given (a stable sort;
        # a reader gives them in that order already, which the sort checks in one pass)
        for found in by_question.values():
            if len(found) > 1:
                found.sort(key=_BY_RESPONDENT)
        counts: dict[str, int] = {}
        for respondent in answer_set.respondents:
            counts[respondent.group] = counts.get(respondent.group, 0) + 1
        return cls(plan, by_question, counts, trace)


class Outcome(NamedTuple):
    """A question's contribution: a value (numbers, shares) and a score (0-100) or absence."""

    value: float | None
    score: float | None
    absent: AbsentReason | None
    reason: str
    rule: str
    traces: tuple[AnswerTrace, ...]
    respondents: int | None = None


_NOTHING: tuple[None, str] = (None, "")


def answer_score(question: QuestionPlan, answer: Answer) -> tuple[float | None, str]:
    """An option answer's score in 0-100, and how it was obtained."""
    value = answer.value
    if value is None:
        return _NOTHING
    if not question.multiple_choice:
        return question.table.get(str(value), _NOTHING)
    scored = question.choices
    if not scored:
        return _NOTHING
    picked = value if isinstance(value, tuple) else (str(value),)
    chosen = [o for o in scored if o.code in picked]
    cap = question.cap
    total = math.fsum(o.score or 0 for o in chosen)
    score = floor(100 * min(max(total, 0.0), cap) / cap * SCALE + 0.5) / SCALE if cap \
        else 0.0  # exact (evalsoc.scoring.combine.DECIMALS), 0 to 100
    return score, (f"{len(chosen)} choix, {fr_number(total, 2)} points, plafond "
                   f"{fr_number(cap, 2)} → {fr_number(score, 2)}")


def question_outcome(read: InputPlan, ctx: Context) -> Outcome:
    """The question's value or score, consolidated over its group's respondents; worked
    out once per structure."""
    found = ctx.outcomes.get(read)
    if found is None:
        found = ctx.outcomes[read] = _outcome(read, ctx)
    return found


def _outcome(read: InputPlan, ctx: Context) -> Outcome:
    question, want_score = read.question, read.want_score
    answers = ctx.by_question.get(question.question.id, [])
    if ctx.trace:
        traces, points, first_rule = _traced(question, answers, want_score)
    else:
        traces = ()
        points, first_rule = _points(question, answers, want_score)
    if not question.consolidated:
        return _single(points, answers, traces, want_score, first_rule)
    return _consolidate(read, points, answers, traces, ctx.trace)


def _traced(question: QuestionPlan, answers: list[Answer], want_score: bool
            ) -> tuple[tuple[AnswerTrace, ...], list[float], str]:
    """Each answer's trace, the points given, and the rule of the first answer with one."""
    traces: list[AnswerTrace] = []
    points: list[float] = []
    first_rule = ""
    for answer in answers:
        point, rule = _point(question, answer, want_score, True)
        value = answer.value
        traces.append(AnswerTrace(
            answer.question, answer.respondent, answer.status, answer.raw,
            value if value is None or type(value) is str else _normalised(value),
            point if want_score else None, rule, answer.source))
        if point is not None:
            first_rule = first_rule or rule
            points.append(point)
    return tuple(traces), points, first_rule


def _points(question: QuestionPlan, answers: list[Answer], want_score: bool
            ) -> tuple[list[float], str]:
    """As :func:`_traced` without the traces, the common readings spelt out."""
    points: list[float] = []
    first_rule = ""
    answered = _ANSWERED
    if question.reading == "option":
        found_in = question.table.get
        for answer in answers:
            value = answer.value
            if answer.status is answered and value is not None:
                found = found_in(value if value.__class__ is str else str(value))
                if found is not None:
                    points.append(found[0])
                    if not first_rule:
                        first_rule = found[1]
    elif question.reading == "number":  # without the traces a number's rule is empty
        for answer in answers:
            value = answer.value
            if answer.status is answered and value.__class__ is float:
                points.append(value)
    else:
        for answer in answers:
            point, rule = _point(question, answer, want_score, False)
            if point is not None:
                first_rule = first_rule or rule
                points.append(point)
    return points, first_rule


_STATUS_LABELS = {AnswerStatus.NON_CONCERNE: "non concerné",
                  AnswerStatus.NE_SAIT_PAS: "ne sait pas"}


def _point(question: QuestionPlan, answer: Answer, want_score: bool, trace: bool
           ) -> tuple[float | None, str]:
    if answer.status is not AnswerStatus.ANSWERED:
        return None, _STATUS_LABELS.get(answer.status, "")
    value = answer.value
    if question.numeric and isinstance(value, float):
        return value, f"valeur {fr_number(value, 2)}" if trace else ""
    if question.options and (want_score or not question.multiple_choice):
        return answer_score(question, answer)
    if question.text:
        return None, "texte libre (informatif)"
    return None, "réponse non numérique"


def _normalised(value: float | str | tuple[str, ...]) -> str:
    """An answer's value as its trace shows it."""
    if isinstance(value, tuple):
        return "; ".join(value)
    if isinstance(value, float):
        return fr_number(value, 4)
    return value


def _absence(answers: list[Answer]) -> tuple[AbsentReason, str]:
    statuses = {a.status for a in answers}
    if AnswerStatus.NE_SAIT_PAS in statuses:
        return AbsentReason.NE_SAIT_PAS, "réponse « ne sait pas »"
    if statuses == {AnswerStatus.NON_CONCERNE}:
        return AbsentReason.NON_CONCERNE, "réponse « non concerné »"
    return AbsentReason.UNANSWERED, "sans réponse"


def _single(points: list[float], answers: list[Answer], traces: tuple[AnswerTrace, ...],
            want_score: bool, rule: str) -> Outcome:
    if not points:
        absent, reason = _absence(answers)
        return Outcome(None, None, absent, reason, "", traces)
    point = points[0]
    return Outcome(point, point if want_score else None, None, "", rule, traces)


def _consolidate(read: InputPlan, points: list[float], answers: list[Answer],
                 traces: tuple[AnswerTrace, ...], trace: bool) -> Outcome:
    consolidation, question = read.consolidation, read.question
    minimum = question.min_respondents
    n = len(points)
    if consolidation.method == "top_share":
        usable = [a for a in answers if a.status is AnswerStatus.ANSWERED]
        n = len(usable)
    if n == 0 and answers and all(a.status is AnswerStatus.NON_CONCERNE for a in answers):
        return Outcome(None, None, AbsentReason.NON_CONCERNE,
                       "tous les répondants sont « non concerné »", "", traces, 0)
    if n < minimum:
        reason = (f"{n} réponse(s) exploitable(s) du groupe « {question.question.group} », "
                  f"{minimum} au minimum : non évaluable")
        return Outcome(None, None, AbsentReason.TOO_FEW, reason, "", traces, n)
    rule = ""
    if consolidation.method == "top_share":
        top = set(consolidation.top)
        hits = sum(1 for a in answers if a.status is AnswerStatus.ANSWERED and (
            a.value in top or (isinstance(a.value, tuple) and top & set(a.value))))
        value = floor(100 * hits / n * SCALE + 0.5) / SCALE  # exact, 0 to 100
        if trace:
            rule = (f"part des réponses {', '.join(consolidation.top)} : {hits} sur {n} = "
                    f"{fr_percent(hits / n, 1)}")
    elif consolidation.method == "median":
        value = exact(float(statistics.median(points)))
        if trace:
            rule = f"médiane des {n} réponses = {fr_number(value, 2)}"
    else:
        value = exact(math.fsum(points) / n)
        if trace:
            rule = f"moyenne des {n} réponses = {fr_number(value, 2)}"
    return Outcome(value, value if read.want_score else None, None, "", rule, traces, n)
