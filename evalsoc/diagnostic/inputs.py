"""The answers of a diagnostic, period by period, and why a line has no value.

A line's value for a period is its question's answer when it is a number; anything else
(no answer, « non concerné », « ne sait pas », a date) leaves it without value. Why it is
missing is said at the widest level that is true: the whole period was left empty (« pas
de comptes pour l'exercice N-2 »), a whole part of the accounts was (« Bilan — actif non
renseigné »), or these lines were.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from evalsoc.answers.model import Answer, AnswerSet, AnswerStatus
from evalsoc.catalogue import CATALOGUE, Code
from evalsoc.diagnostic.result import InputTrace
from evalsoc.referentiel.diagnostic import Diagnostic, Line
from evalsoc.referentiel.model import QuestionType, Referentiel

__all__ = ["Inputs", "text"]


def text(code: Code, **fields: object) -> str:
    """A French text of the single catalogue, filled."""
    return CATALOGUE[code].template.format(**fields)


@dataclass
class Inputs:
    """What one structure answered to one diagnostic, indexed by line and period."""

    referentiel: Referentiel
    diagnostic: Diagnostic
    answers: dict[str, Answer] = field(default_factory=dict)  # question id -> answer

    @classmethod
    def of(cls, referentiel: Referentiel, answer_set: AnswerSet) -> Inputs:
        assert referentiel.diagnostic is not None
        single = {r.id for r in answer_set.respondents
                  if (g := referentiel.group(r.group)) is not None and not g.multiple}
        asked = referentiel.questions()
        found = {a.question: a for a in answer_set.answers
                 if a.respondent in single and a.question in asked}
        return cls(referentiel, referentiel.diagnostic, found)

    def question(self, line: str, period: str) -> str:
        return self.diagnostic.question_id(line, period)

    def answer(self, line: str, period: str) -> Answer | None:
        return self.answers.get(self.question(line, period))

    def value(self, line: str, period: str) -> float | None:
        answer = self.answer(line, period)
        if answer is None or answer.status is not AnswerStatus.ANSWERED:
            return None
        return answer.value if isinstance(answer.value, float) else None

    def values(self, period: str) -> dict[str, float]:
        """Every line's value for the period (lines without a value are left out)."""
        found: dict[str, float] = {}
        for line in self.diagnostic.asked_lines():
            value = self.value(line.id, period)
            if value is not None:
                found[line.id] = value
        return found

    def _filled(self, lines: tuple[Line, ...], period: str) -> bool:
        return any(self.answer(line.id, period) is not None for line in lines
                   if line.type is not QuestionType.DATE and not line.same_as)

    def given(self, period: str) -> bool:
        """Whether anything but a date was answered for the period."""
        return self._filled(self.diagnostic.asked_lines(), period)

    def closing(self, period: str) -> str | None:
        for line in self.diagnostic.asked_lines():
            if line.type is QuestionType.DATE and (answer := self.answer(line.id, period)):
                return answer.value if isinstance(answer.value, str) else None
        return None

    def trace(self, line: str, period: str) -> InputTrace:
        answer = self.answer(line, period)
        question = self.question(line, period)
        if answer is None:
            return InputTrace(line=line, question=question)
        value = answer.value if isinstance(answer.value, float) else None
        return InputTrace(line=line, question=question, value=value,
                          status=answer.status.value, raw=answer.raw, source=answer.source)

    def why_missing(self, lines: list[str], period: str, period_label: str) -> str:
        """Why these lines have no value for the period, at the widest level true."""
        if not self.given(period):
            return text(Code.FIN_WHY_PERIOD, period=period_label)
        sections = [s for s in self.diagnostic.sections
                    if any(line.id in lines for line in s.lines)]
        empty = [s.label for s in sections if not self._filled(s.lines, period)]
        if empty:
            return text(Code.FIN_WHY_SECTION, sections=", ".join(f"« {s} »" for s in empty),
                        period=period_label)
        labels = {line.id: line.label for line in self.diagnostic.asked_lines()}
        shown = []
        for line in lines:
            answer = self.answer(line, period)
            status = "" if answer is None else {
                AnswerStatus.NON_CONCERNE: " (« non concerné »)",
                AnswerStatus.NE_SAIT_PAS: " (« ne sait pas »)"}.get(answer.status, "")
            shown.append(f"« {labels.get(line, line)} »{status}")
        return text(Code.FIN_WHY_MISSING, period=period_label, lines=", ".join(shown))
