"""One indicator's score from its answers, by the method its référentiel declares."""

from __future__ import annotations

from evalsoc.formatting import fr_number
from evalsoc.formula import FormulaError, evaluate, names
from evalsoc.referentiel.model import (
    BandsScoring,
    Consolidation,
    Indicateur,
    InformationalScoring,
    LinearScoring,
    NaPolicy,
    OptionsScoring,
    Question,
)
from evalsoc.scoring.combine import combine
from evalsoc.scoring.inputs import Context, Outcome, question_outcome
from evalsoc.scoring.result import AbsentReason, AnswerTrace, NodeScore

__all__ = ["band_score", "linear_score", "score_indicateur"]


def score_indicateur(ind: Indicateur, ctx: Context, min_coverage: float) -> NodeScore:
    base = NodeScore(id=ind.id, kind="indicateur", label=ind.label, weight=ind.weight)
    scoring = ind.scoring
    if isinstance(scoring, InformationalScoring):
        traces = tuple(t for q in ind.questions for t in _all_traces(q, ctx))
        return base.model_copy(update={"informational": True, "answers": traces,
                                       "rule": "indicateur informatif : rapporté, non noté"})
    if isinstance(scoring, OptionsScoring):
        return _options(base, ind, scoring, ctx, min_coverage)
    return _valued(base, ind, scoring, ctx)


def _all_traces(question: Question, ctx: Context) -> tuple[AnswerTrace, ...]:
    return question_outcome(question, ctx, Consolidation(), want_score=False).traces


def _options(base: NodeScore, ind: Indicateur, scoring: OptionsScoring, ctx: Context,
             min_coverage: float) -> NodeScore:
    children = []
    for question in ind.questions:
        out = question_outcome(question, ctx, scoring.consolidation, want_score=True)
        children.append(NodeScore(
            id=question.id, kind="question", label=question.label, weight=question.weight,
            score=out.score, absent=out.absent, reason=out.reason, rule=out.rule,
            respondents=out.respondents, answers=out.traces,
            completeness=1.0 if out.score is not None else 0.0))
    combined = combine(children, [NaPolicy.EXCLUDE] * len(children), min_coverage,
                       ctx.trace)
    if len(children) == 1:
        only = children[0]
        return base.model_copy(update={
            "score": only.score, "absent": only.absent, "reason": only.reason,
            "rule": only.rule, "respondents": only.respondents, "answers": only.answers,
            "applicable_weight": combined.applicable_weight,
            "present_weight": combined.present_weight, "completeness": combined.completeness})
    return base.model_copy(update={
        "score": combined.score, "absent": combined.absent, "reason": combined.reason,
        "rule": combined.rule, "children": tuple(children),
        "applicable_weight": combined.applicable_weight,
        "present_weight": combined.present_weight, "completeness": combined.completeness})


def _valued(base: NodeScore, ind: Indicateur, scoring: BandsScoring | LinearScoring,
            ctx: Context) -> NodeScore:
    outcome = _input(ind, scoring, ctx)
    update: dict[str, object] = {"answers": outcome.traces, "respondents": outcome.respondents}
    if outcome.value is None:
        update |= {"absent": outcome.absent, "reason": outcome.reason, "rule": outcome.rule}
        return base.model_copy(update=update)
    if isinstance(scoring, BandsScoring):
        score, how = band_score(scoring, outcome.value, ctx.trace)
    else:
        score, how = linear_score(scoring, outcome.value, ctx.trace)
    rule = "" if not ctx.trace else f"{outcome.rule} ; {how}" if outcome.rule else how
    update |= {"score": score, "value": outcome.value, "rule": rule,
               "applicable_weight": 1.0, "present_weight": 1.0, "completeness": 1.0}
    return base.model_copy(update=update)


def _input(ind: Indicateur, scoring: BandsScoring | LinearScoring, ctx: Context) -> Outcome:
    questions = ctx.referentiel.questions()
    if scoring.formula is None:
        question = questions[scoring.question or ind.questions[0].id]
        return question_outcome(question, ctx, scoring.consolidation, want_score=False)
    values: dict[str, float] = {}
    traces: list[AnswerTrace] = []
    absences: list[Outcome] = []
    for name in names(scoring.formula):
        out = question_outcome(questions[name], ctx, scoring.consolidation, want_score=False)
        traces.extend(out.traces)
        if out.value is None:
            absences.append(out)
        else:
            values[name] = out.value
    if absences:
        worst = min(absences, key=lambda o: _RANK[o.absent or AbsentReason.UNANSWERED])
        missing = ", ".join(sorted({t.question for o in absences for t in o.traces}
                                   | (set(names(scoring.formula)) - set(values))))
        return Outcome(None, None, worst.absent,
                       f"{worst.reason} (donnée manquante pour la formule : {missing})",
                       "", tuple(traces))
    try:
        value = evaluate(scoring.formula, values)
    except FormulaError as err:
        shown = ", ".join(f"{k} = {fr_number(v, 2)}" for k, v in values.items())
        return Outcome(None, None, AbsentReason.NOT_COMPUTABLE,
                       f"non calculable : {err} dans « {scoring.formula} » ({shown})", "",
                       tuple(traces))
    if not ctx.trace:
        return Outcome(value, None, None, "", "", tuple(traces))
    shown = ", ".join(f"{k} = {fr_number(v, 2)}" for k, v in values.items())
    return Outcome(value, None, None, "",
                   f"formule « {scoring.formula} » avec {shown} = {fr_number(value, 2)}",
                   tuple(traces))


_RANK = {
    AbsentReason.NE_SAIT_PAS: 0,
    AbsentReason.UNANSWERED: 1,
    AbsentReason.TOO_FEW: 2,
    AbsentReason.NOT_COMPUTABLE: 3,
    AbsentReason.COVERAGE: 4,
    AbsentReason.NON_CONCERNE: 5,
}


_EPSILON = 1e-9


def band_score(scoring: BandsScoring, value: float, explain: bool = True
               ) -> tuple[float, str]:
    """The score of the last band whose lower bound the value reaches (the first if none)."""
    band = scoring.bands[0]
    for candidate in scoring.bands:
        if value >= candidate.min - _EPSILON:  # 29/100*100 is 28.999999999999996
            band = candidate
    if not explain:
        return band.score, ""
    return band.score, (f"tranche « ≥ {fr_number(band.min, 2)} » atteinte par "
                        f"{fr_number(value, 2)} → {fr_number(band.score, 2)}")


def linear_score(scoring: LinearScoring, value: float, explain: bool = True
                 ) -> tuple[float, str]:
    """0 at ``low``, 100 at ``high``, straight in between, clamped outside."""
    span = scoring.high - scoring.low
    ratio = 0.0 if span == 0 else (value - scoring.low) / span
    score = 100 * min(max(ratio, 0.0), 1.0)
    if not explain:
        return score, ""
    return score, (f"linéaire de {fr_number(scoring.low, 2)} (0) à "
                   f"{fr_number(scoring.high, 2)} (100) : {fr_number(value, 2)} → "
                   f"{fr_number(score, 2)}")

