"""From the answers to one question to a value or a score, one respondent or a whole group."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field

from evalsoc.answers import Answer, AnswerSet, AnswerStatus
from evalsoc.formatting import fr_number, fr_percent
from evalsoc.referentiel.model import (
    NUMERIC_TYPES,
    Consolidation,
    Option,
    OptionMeaning,
    Question,
    QuestionType,
    Referentiel,
)
from evalsoc.scoring.result import AbsentReason, AnswerTrace

__all__ = ["Context", "Outcome", "answer_score", "question_outcome"]


@dataclass(frozen=True)
class Context:
    """The answers of one structure, indexed for scoring."""

    referentiel: Referentiel
    by_question: dict[str, list[Answer]]
    respondents: dict[str, int] = field(default_factory=dict)
    trace: bool = True  # build the explanations (rules, answer traces): half the cost

    @classmethod
    def build(cls, referentiel: Referentiel, answer_set: AnswerSet,
              trace: bool = True) -> Context:
        by_question: dict[str, list[Answer]] = {}
        for answer in answer_set.answers:
            by_question.setdefault(answer.question, []).append(answer)
        counts: dict[str, int] = {}
        for respondent in answer_set.respondents:
            counts[respondent.group] = counts.get(respondent.group, 0) + 1
        return cls(referentiel, by_question, counts, trace)


@dataclass(frozen=True)
class Outcome:
    """A question's contribution: a value (numbers, shares) and a score (0-100) or absence."""

    value: float | None
    score: float | None
    absent: AbsentReason | None
    reason: str
    rule: str
    traces: tuple[AnswerTrace, ...]
    respondents: int | None = None


def answer_score(question: Question, options: tuple[Option, ...], answer: Answer
                 ) -> tuple[float | None, str]:
    """An option answer's score in 0-100, and how it was obtained."""
    if answer.value is None:
        return None, ""
    if question.type is QuestionType.MULTIPLE_CHOICE:
        scored = [o for o in options if o.meaning is OptionMeaning.VALUE and o.score is not None]
        if not scored:
            return None, ""
        picked = answer.value if isinstance(answer.value, tuple) else (str(answer.value),)
        chosen = [o for o in scored if o.code in picked]
        cap = question.cap or math.fsum(o.score or 0 for o in scored if (o.score or 0) > 0)
        total = math.fsum(o.score or 0 for o in chosen)
        score = 100 * min(max(total, 0.0), cap) / cap if cap else 0.0
        return score, (f"{len(chosen)} choix, {fr_number(total, 2)} points, plafond "
                       f"{fr_number(cap, 2)} → {fr_number(score, 2)}")
    return _option_scores(options).get(str(answer.value), (None, ""))


_OPTION_SCORES: dict[int, tuple[tuple[Option, ...], dict[str, tuple[float, str]]]] = {}


def _option_scores(options: tuple[Option, ...]) -> dict[str, tuple[float, str]]:
    """Code -> (score in 0-100, how), computed once per option list: answers repeat."""
    cached = _OPTION_SCORES.get(id(options))
    if cached is not None and cached[0] is options:
        return cached[1]
    scored = [o for o in options if o.meaning is OptionMeaning.VALUE and o.score is not None]
    low = min((o.score or 0 for o in scored), default=0.0)
    high = max((o.score or 0 for o in scored), default=0.0)
    table: dict[str, tuple[float, str]] = {}
    for option in scored:
        points = option.score or 0.0
        score = 100.0 if high == low else 100 * (points - low) / (high - low)
        table[option.code] = (score, f"option « {option.label} » : {fr_number(points, 2)} "
                              f"point(s) sur l'échelle {fr_number(low, 2)} à "
                              f"{fr_number(high, 2)} → {fr_number(score, 2)}")
    if len(_OPTION_SCORES) > 256:
        _OPTION_SCORES.clear()
    _OPTION_SCORES[id(options)] = (options, table)
    return table


def question_outcome(question: Question, ctx: Context, consolidation: Consolidation,
                     want_score: bool) -> Outcome:
    """The question's value or score, consolidated over its group's respondents."""
    referentiel = ctx.referentiel
    options = referentiel.options_of(question)
    answers = sorted(ctx.by_question.get(question.id, []), key=lambda a: a.respondent)
    traces: list[AnswerTrace] = []
    points: list[tuple[float, Answer]] = []
    first_rule = ""
    for answer in answers:
        point, rule = _point(question, options, answer, want_score, ctx.trace)
        if ctx.trace:
            traces.append(_trace(answer, point if want_score else None, rule))
        if point is not None:
            first_rule = first_rule or rule
            points.append((point, answer))
    group = referentiel.group(question.group)
    if group is None or not group.multiple:
        return _single(points, answers, tuple(traces), want_score, first_rule)
    return _consolidate(question, points, answers, tuple(traces), consolidation,
                        group.min_respondents, want_score, ctx.trace)


def _point(question: Question, options: tuple[Option, ...], answer: Answer,
           want_score: bool, trace: bool = True) -> tuple[float | None, str]:
    if answer.status is not AnswerStatus.ANSWERED:
        return None, _status_label(answer.status)
    if question.type in NUMERIC_TYPES and isinstance(answer.value, float):
        return answer.value, f"valeur {fr_number(answer.value, 2)}" if trace else ""
    if options and (want_score or question.type is not QuestionType.MULTIPLE_CHOICE):
        return answer_score(question, options, answer)
    if question.type is QuestionType.TEXT:
        return None, "texte libre (informatif)"
    return None, "réponse non numérique"


def _status_label(status: AnswerStatus) -> str:
    return {AnswerStatus.NON_CONCERNE: "non concerné",
            AnswerStatus.NE_SAIT_PAS: "ne sait pas"}.get(status, "")


def _trace(answer: Answer, score: float | None, rule: str) -> AnswerTrace:
    value = answer.value
    if isinstance(value, tuple):
        normalised: str | None = "; ".join(value)
    elif isinstance(value, float):
        normalised = fr_number(value, 4)
    else:
        normalised = value
    return AnswerTrace(question=answer.question, respondent=answer.respondent,
                       status=answer.status, raw=answer.raw, normalised=normalised,
                       score=score, rule=rule, source=answer.source)


def _absence(answers: list[Answer]) -> tuple[AbsentReason, str]:
    statuses = {a.status for a in answers}
    if AnswerStatus.NE_SAIT_PAS in statuses:
        return AbsentReason.NE_SAIT_PAS, "réponse « ne sait pas »"
    if statuses == {AnswerStatus.NON_CONCERNE}:
        return AbsentReason.NON_CONCERNE, "réponse « non concerné »"
    return AbsentReason.UNANSWERED, "sans réponse"


def _single(points: list[tuple[float, Answer]], answers: list[Answer],
            traces: tuple[AnswerTrace, ...], want_score: bool, rule: str) -> Outcome:
    if not points:
        absent, reason = _absence(answers)
        return Outcome(None, None, absent, reason, "", traces)
    point = points[0][0]
    return Outcome(point, point if want_score else None, None, "", rule, traces)


def _consolidate(question: Question, points: list[tuple[float, Answer]],
                 answers: list[Answer], traces: tuple[AnswerTrace, ...],
                 consolidation: Consolidation, minimum: int, want_score: bool,
                 trace: bool = True) -> Outcome:
    n = len(points)
    if consolidation.method == "top_share":
        usable = [a for a in answers if a.status is AnswerStatus.ANSWERED]
        n = len(usable)
    if n == 0 and answers and all(a.status is AnswerStatus.NON_CONCERNE for a in answers):
        return Outcome(None, None, AbsentReason.NON_CONCERNE,
                       "tous les répondants sont « non concerné »", "", traces, 0)
    if n < minimum:
        reason = (f"{n} réponse(s) exploitable(s) du groupe « {question.group} », "
                  f"{minimum} au minimum : non évaluable")
        return Outcome(None, None, AbsentReason.TOO_FEW, reason, "", traces, n)
    if consolidation.method == "top_share":
        top = set(consolidation.top)
        hits = sum(1 for a in answers if a.status is AnswerStatus.ANSWERED and (
            a.value in top or (isinstance(a.value, tuple) and top & set(a.value))))
        value = 100 * hits / n
        rule = (f"part des réponses {', '.join(consolidation.top)} : {hits} sur {n} = "
                f"{fr_percent(hits / n, 1)}")
    elif consolidation.method == "median":
        value = float(statistics.median(p for p, _ in points))
        rule = f"médiane des {n} réponses = {fr_number(value, 2)}"
    else:
        value = math.fsum(p for p, _ in points) / n
        rule = f"moyenne des {n} réponses = {fr_number(value, 2)}"
    return Outcome(value, value if want_score else None, None, "", rule if trace else "",
                   traces, n)
