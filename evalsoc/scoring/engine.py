"""Scoring a structure's answers under a référentiel: pure, no I/O."""

from __future__ import annotations

from evalsoc import __version__
from evalsoc.answers import AnswerSet
from evalsoc.referentiel.loader import canonical_hash
from evalsoc.referentiel.model import Critere, Dimension, NaPolicy, Node, Referentiel
from evalsoc.scoring.combine import combine, policy_note
from evalsoc.scoring.indicator import score_indicateur
from evalsoc.scoring.inputs import Context
from evalsoc.scoring.result import AbsentReason, NodeScore, ScoreResult

__all__ = ["score"]


def score(referentiel: Referentiel, answer_set: AnswerSet,
          referentiel_hash: str | None = None, trace: bool = True) -> ScoreResult:
    """Every node's score, absence reason, level and trace for one structure.

    ``trace=False`` leaves out the explanations (rules applied, each answer's trace):
    the scores, levels and absence reasons are the same, at half the cost, for batches
    that only need the figures; re-score with ``trace=True`` to explain."""
    ctx = Context.build(referentiel, answer_set, trace)
    root_policy = referentiel.na_policy
    dimensions = tuple(_dimension(d, ctx, root_policy) for d in referentiel.dimensions)
    overall = _overall(referentiel, dimensions) if referentiel.overall_score else None
    return ScoreResult(
        referentiel=referentiel.ref,
        referentiel_hash=referentiel_hash or canonical_hash(referentiel),
        engine_version=__version__,
        structure=answer_set.structure,
        respondents=ctx.respondents,
        dimensions=dimensions,
        overall=overall,
    )


def _coverage(node: Node, referentiel: Referentiel) -> float:
    return referentiel.min_coverage if node.min_coverage is None else node.min_coverage


def _policy(node: Node, inherited: NaPolicy) -> NaPolicy:
    return node.na_policy or inherited


def _dimension(dim: Dimension, ctx: Context, inherited: NaPolicy) -> NodeScore:
    policy = _policy(dim, inherited)
    children = [_critere(c, ctx, policy) for c in dim.criteres]
    policies = [_policy(c, policy) for c in dim.criteres]
    node = NodeScore(id=dim.id, kind="dimension", label=dim.label, weight=dim.weight)
    return _finish(node, children, policies, _coverage(dim, ctx.referentiel), ctx, policy)


def _critere(crit: Critere, ctx: Context, inherited: NaPolicy) -> NodeScore:
    policy = _policy(crit, inherited)
    children = [score_indicateur(i, ctx, _coverage(i, ctx.referentiel))
                for i in crit.indicateurs]
    children = [_leveled(c, ctx.referentiel, _policy(i, policy))
                for c, i in zip(children, crit.indicateurs, strict=True)]
    policies = [_policy(i, policy) for i in crit.indicateurs]
    node = NodeScore(id=crit.id, kind="critere", label=crit.label, weight=crit.weight)
    return _finish(node, children, policies, _coverage(crit, ctx.referentiel), ctx, policy)


def _finish(node: NodeScore, children: list[NodeScore], policies: list[NaPolicy],
            min_coverage: float, ctx: Context, policy: NaPolicy) -> NodeScore:
    combined = combine(children, policies, min_coverage, ctx.trace)
    done = node.model_copy(update={
        "score": combined.score, "absent": combined.absent, "reason": combined.reason,
        "rule": combined.rule, "children": tuple(children),
        "informational": combined.score is None and combined.absent is None,
        "applicable_weight": combined.applicable_weight,
        "present_weight": combined.present_weight, "completeness": combined.completeness})
    return _leveled(done, ctx.referentiel, policy)


def _leveled(node: NodeScore, referentiel: Referentiel, policy: NaPolicy) -> NodeScore:
    update: dict[str, object] = {}
    if node.absent is AbsentReason.NON_CONCERNE:
        update["policy"] = policy_note(policy)
    if node.score is not None:
        level = referentiel.level_for(node.score)
        update |= {"level": level.code, "level_label": level.label}
    return node.model_copy(update=update) if update else node


def _overall(referentiel: Referentiel, dimensions: tuple[NodeScore, ...]) -> NodeScore:
    policies = [_policy(d, referentiel.na_policy) for d in referentiel.dimensions]
    combined = combine(dimensions, policies, referentiel.min_coverage)
    node = NodeScore(id="GLOBAL", kind="referentiel", label="Score d'ensemble",
                     score=combined.score, absent=combined.absent, reason=combined.reason,
                     rule=combined.rule, applicable_weight=combined.applicable_weight,
                     present_weight=combined.present_weight,
                     completeness=combined.completeness)
    return _leveled(node, referentiel, referentiel.na_policy)
