"""Hypothesis strategies: random but valid answer sets for any référentiel."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from evalsoc.answers.model import Answer, AnswerSet, AnswerStatus, Respondent, StructureInfo
from evalsoc.referentiel.model import (
    NUMERIC_TYPES,
    OptionMeaning,
    Question,
    QuestionType,
    Referentiel,
)


def value_for(ref: Referentiel, question: Question) -> st.SearchStrategy[Any]:
    kind = question.type
    if kind in NUMERIC_TYPES:
        low = question.min if question.min is not None else 0.0
        high = question.max if question.max is not None else (
            100.0 if kind is QuestionType.PERCENT else 1e6)
        if kind is QuestionType.INTEGER:
            return st.integers(int(low), int(min(high, 10_000))).map(float)
        return st.floats(low, high, allow_nan=False, allow_infinity=False)
    if kind is QuestionType.DATE:
        return st.dates().map(lambda d: d.isoformat())
    if kind is QuestionType.TEXT:
        return st.text(min_size=1, max_size=20)
    codes = [o.code for o in ref.options_of(question) if o.meaning is OptionMeaning.VALUE]
    if kind is QuestionType.MULTIPLE_CHOICE:
        return st.lists(st.sampled_from(codes), unique=True).map(tuple)
    return st.sampled_from(codes)


def cell(ref: Referentiel, question: Question) -> st.SearchStrategy[Any]:
    statuses = [AnswerStatus.NE_SAIT_PAS]
    if question.allow_non_concerne:
        statuses.append(AnswerStatus.NON_CONCERNE)
    return st.one_of(st.none(), st.sampled_from(statuses), value_for(ref, question))


@st.composite
def answer_sets(draw: st.DrawFn, ref: Referentiel, max_per_group: int = 7) -> AnswerSet:
    respondents: list[Respondent] = []
    for group in ref.groups:
        count = 1 if not group.multiple else draw(st.integers(0, max_per_group))
        respondents += [Respondent(id=f"{group.id}-{i}" if group.multiple else group.id,
                                   group=group.id) for i in range(count)]
    answers = []
    for question in ref.questions().values():
        for respondent in (r for r in respondents if r.group == question.group):
            got = draw(cell(ref, question))
            if got is None:
                continue
            if isinstance(got, AnswerStatus):
                answers.append(Answer(question=question.id, respondent=respondent.id,
                                      status=got))
            else:
                answers.append(Answer(question=question.id, respondent=respondent.id,
                                      value=got))
    return AnswerSet(referentiel=ref.ref, structure=StructureInfo(id="P", name="Propriété"),
                     respondents=tuple(respondents), answers=tuple(answers))
