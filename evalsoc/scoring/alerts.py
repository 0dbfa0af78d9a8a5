"""Compliance alerts: answers that call for a check rather than a score (a collective
agreement not applied, say), as the référentiel declares them (``alert`` on an
informational indicator). Never averaged into any score."""

from __future__ import annotations

from dataclasses import dataclass

from evalsoc.answers.model import AnswerSet, AnswerStatus
from evalsoc.referentiel.model import Referentiel

__all__ = ["RaisedAlert", "alerts_of"]


@dataclass(frozen=True, slots=True)
class RaisedAlert:
    """One alert raised by a structure's answer."""

    indicator: str
    label: str
    question: str
    answer: str  # the option's label
    message: str


def alerts_of(referentiel: Referentiel, answers: AnswerSet) -> tuple[RaisedAlert, ...]:
    """The alerts the structure's answers raise, in the référentiel's order; an indicator
    whose condition (``applies_if``) is not met raises none."""
    given: dict[str, str] = {}
    for answer in answers.answers:
        if answer.status is AnswerStatus.ANSWERED and answer.value is not None \
                and answer.question not in given:
            value = answer.value
            given[answer.question] = value if isinstance(value, str) else str(value)
    raised: list[RaisedAlert] = []
    for ind in referentiel.indicateurs():
        if ind.alert is None or not ind.questions:
            continue
        condition = ind.applies_if
        if condition is not None and condition.question in given \
                and given[condition.question] not in condition.codes:
            continue
        question = ind.questions[0]
        code = given.get(question.id)
        if code is None or code not in ind.alert.codes:
            continue
        label = next((o.label for o in referentiel.options_of(question) if o.code == code),
                     code)
        raised.append(RaisedAlert(ind.id, ind.label, question.id, label, ind.alert.message))
    return tuple(raised)
