"""One indicator's score from its answers, by the method its référentiel declares.

Each node is built once with all its fields, its level and its N/A note included
(:func:`evalsoc.scoring.nodes.node_score`).
"""

from __future__ import annotations

from math import floor

from evalsoc.answers.model import AnswerStatus
from evalsoc.referentiel.formula import FormulaError, evaluate
from evalsoc.referentiel.model import BandsScoring, Condition, LinearScoring, NaPolicy
from evalsoc.scoring.combine import SCALE, Combined, combine, exact, lone_weights
from evalsoc.scoring.inputs import Context, Outcome, question_outcome
from evalsoc.scoring.nodes import node_score
from evalsoc.scoring.plan import IndicatorPlan
from evalsoc.scoring.result import AbsentReason, AnswerTrace, NodeScore
from evalsoc.support.formatting import fr_number

__all__ = ["band_score", "linear_score", "score_indicateur", "unmet_condition"]

_INFORMATIONAL = "indicateur informatif : rapporté, non noté"


def score_indicateur(ind: IndicatorPlan, ctx: Context) -> NodeScore:
    condition = ind.indicateur.applies_if
    if condition is not None and ind.method != "informational" \
            and (unmet := unmet_condition(condition, ctx)):
        node = ind.indicateur
        return node_score(ctx.plan, ind.rules, id=node.id, kind="indicateur",
                          label=node.label, weight=node.weight,
                          absent=AbsentReason.NON_CONCERNE, reason=unmet)
    if ind.method == "options":
        return _options(ind, ctx)
    if ind.method == "valued":
        return _valued(ind, ctx)
    node = ind.indicateur
    traces = tuple(t for read in ind.inputs for t in question_outcome(read, ctx).traces) \
        if ctx.trace else ()  # only the traces are reported, and only with ``trace``
    return node_score(ctx.plan, ind.rules, id=node.id, kind="indicateur", label=node.label,
                      weight=node.weight, informational=True, rule=_INFORMATIONAL,
                      answers=traces)


def unmet_condition(condition: Condition, ctx: Context) -> str:
    """Why the indicator does not apply (« non concerné »): the structure's answer to the
    condition's question is not one of its codes; empty when it applies or is not told."""
    for answer in ctx.by_question.get(condition.question, ()):
        if answer.status is AnswerStatus.ANSWERED and answer.value is not None:
            value = answer.value if isinstance(answer.value, str) else str(answer.value)
            if value in condition.codes:
                return ""
            question = ctx.plan.referentiel.questions().get(condition.question)
            options = ctx.plan.referentiel.options_of(question) if question else ()
            label = next((o.label for o in options if o.code == value), value)
            return (f"non concerné : la réponse « {label} » à « {condition.question} » "
                    f"écarte cet indicateur")
    return ""


def _options(ind: IndicatorPlan, ctx: Context) -> NodeScore:
    if len(ind.inputs) == 1:
        return _one_question(ind, ctx)
    return _questions(ind, ctx)


def _questions(ind: IndicatorPlan, ctx: Context) -> NodeScore:
    """An indicator of several questions: the weighted mean of their scores."""
    children = []
    for read in ind.inputs:
        question = read.question.question
        out = question_outcome(read, ctx)
        children.append(node_score(
            ctx.plan, None, id=question.id, kind="question", label=question.label,
            weight=question.weight, score=out.score, absent=out.absent, reason=out.reason,
            rule=out.rule, completeness=1.0 if out.score is not None else 0.0,
            respondents=out.respondents, answers=out.traces))
    combined = combine(children, [NaPolicy.EXCLUDE] * len(children),
                       ind.rules.min_coverage, ctx.trace)
    if combined.present_weight == 0 and combined.absent is AbsentReason.COVERAGE:
        combined = _shared_absence(children, combined)
    node = ind.indicateur
    return node_score(
        ctx.plan, ind.rules, id=node.id, kind="indicateur", label=node.label,
        weight=node.weight, score=combined.score, absent=combined.absent,
        reason=combined.reason, rule=combined.rule,
        applicable_weight=combined.applicable_weight,
        present_weight=combined.present_weight, completeness=combined.completeness,
        children=tuple(children))


def _shared_absence(children: list[NodeScore], combined: Combined) -> Combined:
    """An indicator none of whose questions has a score takes their common reason (too
    few respondents, with the count; no answer; ne sait pas...) rather than « non
    évaluable » with a coverage of 0 %; of different reasons, coverage it stays."""
    absent = [c for c in children if c.absent is not AbsentReason.NON_CONCERNE]
    reasons = {c.absent for c in absent}
    if len(reasons) != 1:
        return combined
    told = max(absent, key=lambda c: c.respondents or 0)  # the most answered question
    return combined._replace(absent=told.absent, reason=told.reason)


def _one_question(ind: IndicatorPlan, ctx: Context) -> NodeScore:
    """An indicator of one question is that question: its score, reason, rule, answers
    (what :func:`_questions` gives it, without a node for the question: a differential
    test in tests/test_fast_paths.py holds them to the same figures)."""
    read = ind.inputs[0]
    out = question_outcome(read, ctx)
    applicable, present, completeness = lone_weights(read.question.question.weight,
                                                     out.score, out.absent)
    node = ind.indicateur
    return node_score(
        ctx.plan, ind.rules, id=node.id, kind="indicateur", label=node.label,
        weight=node.weight, score=out.score, absent=out.absent, reason=out.reason,
        rule=out.rule, applicable_weight=applicable, present_weight=present,
        completeness=completeness, respondents=out.respondents, answers=out.traces)


def _valued(ind: IndicatorPlan, ctx: Context) -> NodeScore:
    outcome = _input(ind, ctx)
    node = ind.indicateur
    if outcome.value is None:
        return node_score(
            ctx.plan, ind.rules, id=node.id, kind="indicateur", label=node.label,
            weight=node.weight, absent=outcome.absent, reason=outcome.reason,
            rule=outcome.rule, respondents=outcome.respondents, answers=outcome.traces)
    scoring = ind.scoring
    if isinstance(scoring, BandsScoring):
        score, how = band_score(scoring, outcome.value, ctx.trace)
    else:
        assert isinstance(scoring, LinearScoring)
        score, how = linear_score(scoring, outcome.value, ctx.trace)
    rule = "" if not ctx.trace else f"{outcome.rule} ; {how}" if outcome.rule else how
    return node_score(
        ctx.plan, ind.rules, id=node.id, kind="indicateur", label=node.label,
        weight=node.weight, score=score, rule=rule, value=outcome.value,
        applicable_weight=1.0, present_weight=1.0, completeness=1.0,
        respondents=outcome.respondents, answers=outcome.traces)


def _input(ind: IndicatorPlan, ctx: Context) -> Outcome:
    formula = ind.formula
    if formula is None:
        return question_outcome(ind.inputs[0], ctx)
    values: dict[str, float] = {}
    traces: list[AnswerTrace] = []
    absences: list[Outcome] = []
    for name, read in zip(ind.names, ind.inputs, strict=True):
        out = question_outcome(read, ctx)
        traces.extend(out.traces)
        if out.value is None:
            absences.append(out)
        else:
            values[name] = out.value
    if absences:
        worst = min(absences, key=lambda o: _RANK[o.absent or AbsentReason.UNANSWERED])
        missing = ", ".join(sorted({t.question for o in absences for t in o.traces}
                                   | (set(ind.names) - set(values))))
        return Outcome(None, None, worst.absent,
                       f"{worst.reason} (donnée manquante pour la formule : {missing})",
                       "", tuple(traces))
    try:
        value = exact(evaluate(formula, values))
    except FormulaError as err:
        shown = ", ".join(f"{k} = {fr_number(v, 2)}" for k, v in values.items())
        return Outcome(None, None, AbsentReason.NOT_COMPUTABLE,
                       f"non calculable : {err} dans « {formula} » ({shown})", "",
                       tuple(traces))
    if not ctx.trace:
        return Outcome(value, None, None, "", "", tuple(traces))
    shown = ", ".join(f"{k} = {fr_number(v, 2)}" for k, v in values.items())
    return Outcome(value, None, None, "",
                   f"formule « {formula} » avec {shown} = {fr_number(value, 2)}",
                   tuple(traces))


_RANK = {
    AbsentReason.NE_SAIT_PAS: 0,
    AbsentReason.UNANSWERED: 1,
    AbsentReason.TOO_FEW: 2,
    AbsentReason.NOT_COMPUTABLE: 3,
    AbsentReason.COVERAGE: 4,
    AbsentReason.NON_CONCERNE: 5,
}


def band_score(scoring: BandsScoring, value: float, explain: bool = True
               ) -> tuple[float, str]:
    """The score of the last band whose lower bound the value reaches (the first if none);
    computed values come exact (:func:`evalsoc.scoring.combine.exact`): 29/100*100, which
    the computer makes 28.999999999999996, is 29 and reaches the bound 29."""
    band = scoring.bands[0]
    for candidate in scoring.bands:
        if value >= candidate.min:
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
    score = floor(100 * min(max(ratio, 0.0), 1.0) * SCALE + 0.5) / SCALE  # exact, 0 to 100
    if not explain:
        return score, ""
    return score, (f"linéaire de {fr_number(scoring.low, 2)} (0) à "
                   f"{fr_number(scoring.high, 2)} (100) : {fr_number(value, 2)} → "
                   f"{fr_number(score, 2)}")

