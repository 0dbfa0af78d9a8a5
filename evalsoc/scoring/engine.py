"""Scoring a structure's answers under a référentiel: pure, no I/O."""

from __future__ import annotations

from evalsoc import __version__
from evalsoc.answers.model import AnswerSet
from evalsoc.diagnostic import diagnose
from evalsoc.referentiel.model import Referentiel
from evalsoc.scoring.combine import combine
from evalsoc.scoring.indicator import score_indicateur
from evalsoc.scoring.inputs import Context
from evalsoc.scoring.nodes import node_score
from evalsoc.scoring.plan import GroupPlan, Plan, plan_of
from evalsoc.scoring.result import NodeScore, ScoreResult

__all__ = ["score"]


def score(referentiel: Referentiel, answer_set: AnswerSet,
          referentiel_hash: str | None = None, trace: bool = True) -> ScoreResult:
    """Every node's score, absence reason, level and trace for one structure.

    ``trace=False`` leaves out the explanations (rules applied, each answer's trace):
    the scores, levels and absence reasons are the same, at a fraction of the cost, for
    batches that only need the figures; re-score with ``trace=True`` to explain. The
    diagnostics of the référentiel (itself, or the parts of a bundle) are computed beside
    the dimensions (:func:`evalsoc.diagnostic.diagnose`)."""
    plan = plan_of(referentiel)
    ctx = Context.build(plan, answer_set, trace)
    dimensions = tuple(_group(d, ctx) for d in plan.dimensions)
    overall = _overall(plan, dimensions) if referentiel.overall_score else None
    return ScoreResult(
        referentiel=referentiel.ref,
        referentiel_hash=referentiel_hash or plan.hash,
        engine_version=__version__,
        structure=answer_set.structure,
        respondents=ctx.respondents,
        dimensions=dimensions,
        overall=overall,
        diagnostics=tuple(diagnose(part, answer_set, trace=trace)
                          for part in referentiel.diagnostics()),
    )


def _group(group: GroupPlan, ctx: Context) -> NodeScore:
    """A dimension or a critère: the weighted mean of its scored children."""
    children = tuple([_group(c, ctx) if isinstance(c, GroupPlan) else score_indicateur(c, ctx)
                      for c in group.children])
    combined = combine(children, group.policies, group.rules.min_coverage, ctx.trace)
    node = group.node
    return node_score(
        ctx.plan, group.rules, id=node.id, kind=group.kind, label=node.label,
        weight=node.weight, score=combined.score, absent=combined.absent,
        informational=combined.score is None and combined.absent is None,
        reason=combined.reason, rule=combined.rule,
        applicable_weight=combined.applicable_weight,
        present_weight=combined.present_weight, completeness=combined.completeness,
        children=children)


def _overall(plan: Plan, dimensions: tuple[NodeScore, ...]) -> NodeScore:
    # the overall rule is always spelt out: it is one line
    combined = combine(dimensions, plan.policies, plan.rules.min_coverage)
    return node_score(plan, plan.rules, id="GLOBAL", kind="referentiel",
                      label="Score d'ensemble", score=combined.score, absent=combined.absent,
                      reason=combined.reason, rule=combined.rule,
                      applicable_weight=combined.applicable_weight,
                      present_weight=combined.present_weight,
                      completeness=combined.completeness)
