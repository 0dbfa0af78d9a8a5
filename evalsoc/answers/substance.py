"""A minimum of substance: a questionnaire returned (almost) blank is not an evaluation.

A structure's questionnaire, or one respondent's own form, counts its questions: the
required ones of its group, or all of them when none is required. A question counts as
filled when it has an answer (a value, « non concerné » or « ne sait pas ») or when
something was typed there and refused (the error says so already). Under
:data:`MIN_FILLED` of them filled, the file is refused (ANS021: « questionnaire vide ou
presque »): it is not scored, not stored as evaluated, not counted anywhere. Filled at
least that much but not entirely, it gets one warning (ANS022) besides the ANS012 of
each empty required question. The respondents of a grid are not counted here: a row
with few answers is still a person who answered.
"""

from __future__ import annotations

from collections.abc import Set

from evalsoc.answers.model import AnswerSet
from evalsoc.catalogue import Code
from evalsoc.issues import Issue, make_issue
from evalsoc.referentiel.model import Referentiel
from evalsoc.support.formatting import fr_percent

__all__ = ["MIN_FILLED", "Substance", "owner_of", "substance", "substance_issues"]

MIN_FILLED = 0.5  # the share of its questions a questionnaire must fill to be evaluated

Pairs = Set[tuple[str, str]]


def owner_of(answer_set: AnswerSet, referentiel: Referentiel) -> str | None:
    """Whose questionnaire the answer set is: the respondent of a single-answer group
    (the structure), else its only respondent (one person's own form), else nobody."""
    for respondent in answer_set.respondents:
        group = referentiel.group(respondent.group)
        if group is not None and not group.multiple:
            return respondent.id
    if len(answer_set.respondents) == 1:
        return answer_set.respondents[0].id
    return None


class Substance:
    """What one questionnaire filled of the questions that count."""

    def __init__(self, counted: list[str], filled: list[str], required: bool) -> None:
        self.counted, self.filled, self.required = counted, filled, required

    @property
    def blank(self) -> bool:
        return bool(self.counted) and len(self.filled) < MIN_FILLED * len(self.counted)

    @property
    def partial(self) -> bool:
        """Required questions left empty (when none is required, leaving some empty is
        what the questionnaire allows)."""
        return self.required and not self.blank and len(self.filled) < len(self.counted)


def substance(answer_set: AnswerSet, referentiel: Referentiel, owner: str,
              given: Pairs, refused: Pairs) -> Substance:
    group = next((r.group for r in answer_set.respondents if r.id == owner), None)
    questions = referentiel.questions_of(group) if group else {}
    required = [q.id for q in questions.values() if q.required]
    counted = required or list(questions)
    filled = [q for q in counted if (owner, q) in given or (owner, q) in refused]
    return Substance(counted, filled, bool(required))


def substance_issues(found: Substance, file: str | None, sheet: str | None,
                     respondent: str) -> list[Issue]:
    """ANS021 for a questionnaire under the threshold, ANS022 for a partial one."""
    if not (found.blank or found.partial):
        return []
    fields = {"file": file, "sheet": sheet, "respondent": respondent,
              "filled": len(found.filled), "counted": len(found.counted),
              "questions": "questions obligatoires" if found.required else "questions",
              "share": fr_percent(len(found.filled) / len(found.counted)),
              "minimum": fr_percent(MIN_FILLED)}
    return [make_issue(Code.ANS_BLANK if found.blank else Code.ANS_PARTIAL, **fields)]
