"""Scoring invariants, on the test référentiel and on every shipped one.

P1 scores stay in [0, 100]; P2 a better answer never lowers its indicator's score;
P3 the order of respondents does not matter; P4 marking one answer non concerné changes
no indicator that does not read that question.
"""

from __future__ import annotations

import pytest
from conftest import MINI_YAML
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import answer_sets

from evalsoc.answers.model import Answer, AnswerSet, AnswerStatus
from evalsoc.answers.validate import validate_answer_set
from evalsoc.referentiel.formula import names
from evalsoc.referentiel.loader import load_text
from evalsoc.referentiel.model import (
    BandsScoring,
    Indicateur,
    Kind,
    LinearScoring,
    OptionMeaning,
    OptionsScoring,
    Polarity,
    QuestionType,
    Referentiel,
)
from evalsoc.referentiel.registry import list_entries, load_entry
from evalsoc.scoring import score


def _referentiels() -> list[Referentiel]:
    refs = [load_text(MINI_YAML, "mini/1.0.0.yaml").referentiel]
    refs += [load_entry(e).referentiel for e in list_entries()]
    return [r for r in refs if r is not None]


REFS = _referentiels()
# the référentiels that give marks (a diagnostic gives values and bands, never a mark:
# tests/test_diagnostic_finance.py checks those)
SCORED = [r for r in REFS if r.dimensions and r.kind is not Kind.OBSERVATION]  # scored
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _scores(ref: Referentiel, answers: AnswerSet) -> dict[str, float | None]:
    normalised, _ = validate_answer_set(answers, ref)
    return {k: n.score for k, n in score(ref, normalised).nodes().items()}


def _reads(ref: Referentiel, ind: Indicateur) -> set[str]:
    scoring = ind.scoring
    read = {q.id for q in ind.questions}
    if isinstance(scoring, (BandsScoring, LinearScoring)):
        if scoring.formula:
            read |= set(names(scoring.formula))
        if scoring.question:
            read.add(scoring.question)
    return read


@pytest.mark.parametrize("ref", REFS, ids=lambda r: r.ref)
@SETTINGS
@given(data=st.data())
@pytest.mark.slow
def test_p1_scores_in_range(ref: Referentiel, data: st.DataObject) -> None:
    for value in _scores(ref, data.draw(answer_sets(ref))).values():
        assert value is None or 0 <= value <= 100


@pytest.mark.parametrize("ref", REFS, ids=lambda r: r.ref)
@SETTINGS
@given(data=st.data())
@pytest.mark.slow
def test_p3_respondent_order_does_not_matter(ref: Referentiel, data: st.DataObject) -> None:
    answers = data.draw(answer_sets(ref))
    shuffled = AnswerSet.model_validate({
        **answers.model_dump(),
        "respondents": data.draw(st.permutations(answers.respondents)),
        "answers": data.draw(st.permutations(answers.answers)),
    })
    assert _scores(ref, answers) == _scores(ref, shuffled)


@pytest.mark.parametrize("ref", REFS, ids=lambda r: r.ref)
@SETTINGS
@given(data=st.data())
@pytest.mark.slow
def test_p4_non_concerne_only_touches_its_readers(ref: Referentiel,
                                                  data: st.DataObject) -> None:
    answers = data.draw(answer_sets(ref))
    questions = ref.questions()
    candidates = [a for a in answers.answers if questions[a.question].allow_non_concerne]
    if not candidates:
        return
    target = data.draw(st.sampled_from(candidates))
    marked = answers.model_copy(update={"answers": tuple(
        Answer(question=a.question, respondent=a.respondent, status=AnswerStatus.NON_CONCERNE)
        if a == target else a for a in answers.answers)})
    before, after = _scores(ref, answers), _scores(ref, marked)
    for ind in ref.indicateurs():
        if target.question not in _reads(ref, ind):
            assert before[ind.id] == after[ind.id], ind.id


OPTION_KINDS = (QuestionType.SCALE, QuestionType.YESNO, QuestionType.SINGLE_CHOICE)
NUMBER_KINDS = (QuestionType.INTEGER, QuestionType.NUMBER, QuestionType.PERCENT,
                QuestionType.AMOUNT)


def _improvements(ref: Referentiel) -> list[tuple[Indicateur, str]]:
    """(indicator, question) pairs where a 'better' answer is well defined."""
    pairs = []
    for ind in ref.indicateurs():
        scoring = ind.scoring
        for question in ind.questions:
            by_option = (isinstance(scoring, OptionsScoring) and question.type in OPTION_KINDS
                         and scoring.consolidation.method != "top_share")
            by_band = (isinstance(scoring, BandsScoring) and scoring.formula is None
                       and scoring.polarity is Polarity.HIGHER_BETTER
                       and question.type in NUMBER_KINDS)
            if by_option or by_band:
                pairs.append((ind, question.id))
    return pairs


@pytest.mark.parametrize("ref", SCORED, ids=lambda r: r.ref)
@SETTINGS
@given(data=st.data())
@pytest.mark.slow
def test_p2_better_answer_never_lowers(ref: Referentiel, data: st.DataObject) -> None:
    pairs = _improvements(ref)
    assert pairs
    ind, qid = data.draw(st.sampled_from(pairs))
    question = ref.questions()[qid]
    answers = data.draw(answer_sets(ref))
    mine = [a for a in answers.answers if a.question == qid and a.value is not None]
    if not mine:
        return
    target = data.draw(st.sampled_from(mine))
    if question.type in (QuestionType.SCALE, QuestionType.YESNO, QuestionType.SINGLE_CHOICE):
        current = next(o for o in ref.options_of(question) if o.code == target.value)
        better = [o.code for o in ref.options_of(question) if o.meaning is OptionMeaning.VALUE
                  and (o.score or 0) >= (current.score or 0)]
        new_value: object = data.draw(st.sampled_from(better))
    else:
        assert isinstance(target.value, float)
        high = question.max if question.max is not None else target.value + 1000
        new_value = data.draw(st.floats(target.value, max(high, target.value)))
    improved = answers.model_copy(update={"answers": tuple(
        a.but(value=new_value) if a == target else a
        for a in answers.answers)})
    before, after = _scores(ref, answers)[ind.id], _scores(ref, improved)[ind.id]
    if before is not None and after is not None:
        assert after >= before - 1e-9


@pytest.mark.parametrize("ref", REFS, ids=lambda r: r.ref)
@SETTINGS
@given(data=st.data())
@pytest.mark.slow
def test_p5_explanations_never_change_the_figures(ref: Referentiel,
                                                  data: st.DataObject) -> None:
    """Scoring without traces (batches) gives the same scores, levels and reasons."""
    normalised, _ = validate_answer_set(data.draw(answer_sets(ref)), ref)
    full, bare = score(ref, normalised).nodes(), score(ref, normalised, trace=False).nodes()
    assert full.keys() == bare.keys()
    for key, node in full.items():
        other = bare[key]
        assert (node.score, node.level, node.absent, node.reason, node.completeness) == \
            (other.score, other.level, other.absent, other.reason, other.completeness), key
        assert other.answers == ()  # the answer traces are what is left out
