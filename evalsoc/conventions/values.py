"""The raw value of a référentiel indicator, as a convention's target reads it: the value
its scoring starts from (a formula's result, a count, a share, a scale's code), never
its 0-100 score or its level.

:func:`value_rule` says how an indicator's raw value is measured, or why it has none;
:func:`raw_value` computes it from one structure's answers. Pure functions.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from evalsoc.referentiel.formula import FormulaError, evaluate, names
from evalsoc.referentiel.model import (
    NUMERIC_TYPES,
    BandsScoring,
    Indicateur,
    InformationalScoring,
    LinearScoring,
    OptionMeaning,
    Question,
    QuestionType,
    Referentiel,
)

__all__ = ["ValueRule", "raw_value", "value_rule"]

STRUCTURE = "structure"


@dataclass(frozen=True)
class ValueRule:
    """How an indicator's raw value is measured under one référentiel version."""

    indicator: str
    label: str
    kind: str
    formula: str | None
    questions: tuple[Question, ...]
    unit: str

    @property
    def perception(self) -> bool:
        """Answered by publics, volunteers, partners...: followed, never targeted."""
        return any(q.group != STRUCTURE for q in self.questions)

    @property
    def groups(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(q.group for q in self.questions if q.group != STRUCTURE))

    def shape(self) -> tuple[object, ...]:
        """What the value means, question ids left out (a renamed question keeps it)."""
        formula = self.formula
        if formula is not None:
            for n, question in enumerate(self.questions):
                formula = re.sub(rf"\b{re.escape(question.id)}\b", f"q{n}", formula)
        return (formula, tuple((q.type.value, q.unit, q.group, q.scale) for q in self.questions))


def _numeric_codes(ref: Referentiel, question: Question) -> bool:
    codes = [o.code for o in ref.options_of(question) if o.meaning is OptionMeaning.VALUE]
    return bool(codes) and all(re.fullmatch(r"-?\d+", c) for c in codes)


def _unit(ref: Referentiel, formula: str | None, question: Question) -> str:
    if formula is not None and re.search(r"\*\s*100\b", formula):
        return "%"
    if formula is not None and "/" in formula:
        return "ratio"
    if question.type is QuestionType.PERCENT:
        return "%"
    if question.type is QuestionType.SCALE:
        codes = [o.code for o in ref.options_of(question) if o.meaning is OptionMeaning.VALUE]
        return f"échelon ({codes[0]} à {codes[-1]})"
    return question.unit or ""


def value_rule(ref: Referentiel, ind: Indicateur) -> ValueRule | str:
    """The rule, or (a string) why the indicator has no raw numeric value."""
    scoring = ind.scoring
    questions = ref.questions()
    formula: str | None = None
    if isinstance(scoring, (BandsScoring, LinearScoring)) and scoring.formula:
        formula = scoring.formula
        read = tuple(questions[n] for n in dict.fromkeys(names(formula)))
    elif isinstance(scoring, (BandsScoring, LinearScoring)) and scoring.question:
        read = (questions[scoring.question],)
    elif len(ind.questions) == 1:
        read = ind.questions
    elif isinstance(scoring, InformationalScoring) and ind.questions:
        read = ind.questions[:1]
    else:
        return f"{len(ind.questions)} questions notées ensemble, sans formule"
    first = read[0]
    scale = first.type is QuestionType.SCALE and _numeric_codes(ref, first)
    if formula is None and first.type.value not in NUMERIC_TYPES and not scale:
        return f"réponse de type {first.type.value}, sans valeur numérique"
    return ValueRule(ind.id, ind.label, ind.kind, formula, read,
                     _unit(ref, formula, first))


def _number(value: object) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, str) and re.fullmatch(r"-?\d+(\.\d+)?", value.strip()):
        return float(value)
    return None


def raw_value(rule: ValueRule, answers: Mapping[str, Sequence[object]]
              ) -> tuple[float | None, str]:
    """The value from ``answers`` (question id -> the values given, one per respondent;
    a structure question has one), or None with why."""
    if rule.formula is not None:
        values: dict[str, float] = {}
        for question in rule.questions:
            found = [v for v in map(_number, answers.get(question.id, ())) if v is not None]
            if not found:
                return None, f"pas de réponse chiffrée à {question.id}"
            values[question.id] = found[0]
        try:
            return evaluate(rule.formula, values), f"formule « {rule.formula} »"
        except FormulaError as err:
            return None, f"non calculable ({err})"
    question = rule.questions[0]
    found = [v for v in map(_number, answers.get(question.id, ())) if v is not None]
    if not found:
        return None, f"pas de réponse chiffrée à {question.id}"
    if question.group == STRUCTURE:
        return found[0], f"réponse à {question.id}"
    return sum(found) / len(found), f"moyenne de {len(found)} réponse(s) à {question.id}"
