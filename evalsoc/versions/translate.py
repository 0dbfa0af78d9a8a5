"""An answer set of one version read as an answer set of a later one, through the
crosswalks between them (:func:`evalsoc.versions.chain.chain`).

Each answer keeps its respondent, its raw text and its cell: a converted score is still
explained down to the cell of the workbook it came from. What cannot be carried
(dropped questions, codes with no equivalent, converted values the new question refuses,
parts of a split the old answer does not tell) is counted in the :class:`Translation`,
never lost in silence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from evalsoc.answers.model import Answer, AnswerSet, AnswerStatus, Comment, EvaluatorNote
from evalsoc.referentiel.crosswalk import ChangeKind, Combine
from evalsoc.referentiel.model import NUMERIC_TYPES, Question
from evalsoc.support.formatting import fr_number
from evalsoc.versions.conversion import Converter, plan_conversion
from evalsoc.versions.mapping import EXACT, Route, Step

__all__ = ["Refused", "Translation", "translate"]

Value = float | str | tuple[str, ...]


@dataclass(frozen=True)
class Refused:
    """A converted answer the new question does not accept."""

    answer: Answer
    target: str
    value: str
    detail: str


@dataclass
class Translation:
    """What reading answers through crosswalks left out, by old question."""

    source: str
    target: str
    not_carried: Counter[str] = field(default_factory=Counter)  # dropped questions
    no_equivalent: Counter[str] = field(default_factory=Counter)  # mapped to nothing
    unsplit: Counter[str] = field(default_factory=Counter)  # split parts left empty
    refused: list[Refused] = field(default_factory=list)
    comments_left: int = 0  # comments on questions carried nowhere

    @property
    def lost(self) -> int:
        return sum(self.not_carried.values()) + sum(self.no_equivalent.values())


def translate(answer_set: AnswerSet, steps: Sequence[Step]) -> tuple[AnswerSet, Translation]:
    """``answer_set`` (of ``steps[0].before``) as answers of ``steps[-1].after``."""
    report = Translation(answer_set.referentiel,
                         steps[-1].after.ref if steps else answer_set.referentiel)
    for step in steps:
        answer_set = _step(answer_set, step, report)
    return answer_set, report


def _step(answer_set: AnswerSet, step: Step, report: Translation) -> AnswerSet:
    by_question: dict[str, list[Answer]] = {}
    for answer in answer_set.answers:
        by_question.setdefault(answer.question, []).append(answer)
    out: list[Answer] = []
    for target, question in step.after.questions().items():
        route = step.routes.get(target)
        if route is not None:
            out += _carried(route, question, by_question, step, report)
    for old, answers in by_question.items():
        if step.dropped(old):
            report.not_carried[old] += sum(1 for a in answers if _given(a))
    return answer_set.model_copy(update={
        "referentiel": step.after.ref, "referentiel_hash": None, "answers": tuple(out),
        "comments": _comments(answer_set.comments, step, report),
        "evaluator": _notes(answer_set.evaluator, step)})


def _given(answer: Answer) -> bool:
    return answer.status is not AnswerStatus.ANSWERED or answer.value is not None


def _carried(route: Route, question: Question, by_question: dict[str, list[Answer]],
             step: Step, report: Translation) -> list[Answer]:
    if route.kind in EXACT:
        return [a.but(question=route.target) for a in by_question.get(route.sources[0], ())]
    if route.kind is ChangeKind.SPLIT and not route.entry.converts():
        report.unsplit[route.target] += len(by_question.get(route.sources[0], ()))
        return []
    converters = [_converter(route, source, question, step) for source in route.sources]
    if route.kind is ChangeKind.MERGED:
        return _merged(route, question, converters, by_question, report)
    found = []
    for answer in by_question.get(route.sources[0], ()):
        one = _convert(answer, converters[0], route, question, report)
        if one is not None:
            found.append(one)
    return found


def _converter(route: Route, source: str, question: Question, step: Step) -> Converter:
    old = step.before.questions()[source]
    converter, _, _ = plan_conversion(route.entry, old, question, step.before, step.after,
                                      len(route.sources))
    assert converter is not None, "crosswalk checked before use"
    return converter


def _convert(answer: Answer, converter: Converter, route: Route, question: Question,
             report: Translation) -> Answer | None:
    if answer.status is not AnswerStatus.ANSWERED or answer.value is None:
        return _status(answer, route, question, report)
    value = converter(answer.value)
    if value is None:
        report.no_equivalent[answer.question] += 1
        return None
    problem = _refusal(value, question)
    if problem:
        report.refused.append(Refused(answer, route.target, _shown(value), problem))
        return None
    return answer.but(question=route.target, value=value)


def _status(answer: Answer, route: Route, question: Question, report: Translation
            ) -> Answer | None:
    if answer.status is AnswerStatus.NON_CONCERNE and not question.allow_non_concerne:
        report.refused.append(Refused(answer, route.target, "non concerné",
                                      "« non concerné » n'y est pas permis"))
        return None
    return answer.but(question=route.target)


def _refusal(value: Value, question: Question) -> str:
    if question.type not in NUMERIC_TYPES or not isinstance(value, float):
        return ""
    if question.min is not None and value < question.min:
        return f"minimum {fr_number(question.min, 2)}"
    if question.max is not None and value > question.max:
        return f"maximum {fr_number(question.max, 2)}"
    return ""


def _shown(value: Value) -> str:
    if isinstance(value, tuple):
        return ", ".join(value) or "(aucun choix)"
    return fr_number(value, 2) if isinstance(value, float) else value


def _merged(route: Route, question: Question, converters: list[Converter],
            by_question: dict[str, list[Answer]], report: Translation) -> list[Answer]:
    """Per respondent, the answers to the merged questions combined (``combine``)."""
    respondents: dict[str, dict[str, Answer]] = {}
    for source in route.sources:
        for answer in by_question.get(source, ()):
            respondents.setdefault(answer.respondent, {})[source] = answer
    found = []
    for parts in respondents.values():
        values, statuses = _parts(route, converters, parts, report)
        combined = _combined(route.entry.combine or Combine.FIRST, values, statuses)
        if combined is None:
            continue
        first = parts[next(s for s in route.sources if s in parts)]
        raw = _raw(route, parts) or first.raw
        if isinstance(combined, AnswerStatus):
            kept = _status(first.but(question=route.target, value=None, status=combined,
                                     raw=raw), route, question, report)
        else:
            kept = _convert(first.but(value=combined, status=AnswerStatus.ANSWERED, raw=raw),
                            Converter("copy"), route, question, report)
        if kept is not None:
            found.append(kept)
    return found


def _parts(route: Route, converters: list[Converter], parts: dict[str, Answer],
           report: Translation) -> tuple[list[Value], list[AnswerStatus | None]]:
    """One respondent's converted values, and the status of each part (None: none)."""
    values: list[Value] = []
    statuses: list[AnswerStatus | None] = []
    for source, converter in zip(route.sources, converters, strict=True):
        answer = parts.get(source)
        value = None if answer is None or answer.value is None else converter(answer.value)
        if answer is not None and answer.status is not AnswerStatus.ANSWERED:
            statuses.append(answer.status)
        elif value is None:
            if answer is not None and answer.value is not None:
                report.no_equivalent[source] += 1
            statuses.append(None)
        else:
            values.append(value)
            statuses.append(AnswerStatus.ANSWERED)
    return values, statuses


def _raw(route: Route, parts: dict[str, Answer]) -> str:
    """« cdi : 2 ; cdd : 1 »: what each merged part was."""
    shown = []
    for source in route.sources:
        answer = parts.get(source)
        if answer is not None and answer.value is not None:
            raw = answer.raw if answer.raw is not None else _shown(answer.value)
            shown.append(f"{source} : {raw}")
    return " ; ".join(shown)


def _combined(how: Combine, values: list[Value], statuses: list[AnswerStatus | None]
              ) -> Value | AnswerStatus | None:
    """The merged answer: a value, a status, or None (nothing to say).

    A sum or a mean needs every part answered (a part « non concerné » counts for
    nothing); any/all decide as soon as one part does; the others take what is answered.
    Otherwise, « ne sait pas » when a part says so, « non concerné » when all do."""
    answered = statuses.count(AnswerStatus.ANSWERED)
    open_parts = [s for s in statuses if s in (None, AnswerStatus.NE_SAIT_PAS)]
    numbers = [float(v) for v in values if isinstance(v, (int, float))]
    if how is Combine.ANY and "oui" in values:
        return "oui"
    if how is Combine.ALL and "non" in values:
        return "non"
    complete = answered and not open_parts
    if how in (Combine.SUM, Combine.MEAN, Combine.ANY, Combine.ALL) and complete:
        if how is Combine.SUM:
            return sum(numbers)
        if how is Combine.MEAN:
            return sum(numbers) / len(numbers)
        return "oui" if how is Combine.ALL else "non"
    if how in (Combine.MIN, Combine.MAX) and numbers:
        return min(numbers) if how is Combine.MIN else max(numbers)
    if how is Combine.FIRST and values:
        return values[0]
    if AnswerStatus.NE_SAIT_PAS in statuses or (answered and open_parts):
        return AnswerStatus.NE_SAIT_PAS
    if statuses and all(s is AnswerStatus.NON_CONCERNE for s in statuses):
        return AnswerStatus.NON_CONCERNE
    return None


def _comments(comments: tuple[Comment, ...], step: Step, report: Translation
              ) -> tuple[Comment, ...]:
    targets: dict[str, list[str]] = {}
    for target, route in step.routes.items():
        for source in route.sources:
            targets.setdefault(source, []).append(target)
    out = []
    for comment in comments:
        found = targets.get(comment.question, [])
        if not found:
            report.comments_left += 1
        out += [comment.model_copy(update={"question": t}) for t in found]
    return tuple(out)


def _notes(notes: tuple[EvaluatorNote, ...], step: Step) -> tuple[EvaluatorNote, ...]:
    by_dimension = {n.dimension: n for n in notes}
    out = []
    for dimension in step.after.dimensions:
        lineage = step.lineage.get(dimension.id)
        source = next((by_dimension[s] for s in lineage.sources if s in by_dimension),
                      None) if lineage else None
        if source is not None:
            out.append(source.model_copy(update={"dimension": dimension.id}))
    return tuple(out)
