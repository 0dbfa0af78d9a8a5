"""The one way scoring builds a :class:`~evalsoc.scoring.result.NodeScore`.

Every node (question, indicator, critère, dimension, the overall score) is built here,
by keyword, with its level, level label and N/A note worked out from the rules that
apply to it: a field added to NodeScore is added here once, and every node gets it.
"""

from __future__ import annotations

from typing import Literal

from evalsoc.scoring.plan import Leveled, Plan
from evalsoc.scoring.result import AbsentReason, AnswerTrace, NodeScore

__all__ = ["leveled", "node_score"]

Kind = Literal["referentiel", "dimension", "critere", "indicateur", "question"]


def leveled(plan: Plan, rules: Leveled, score: float | None, absent: AbsentReason | None
            ) -> tuple[int | None, str | None, str]:
    """A node's level and label when it has a score, its N/A note when non concerné."""
    note = rules.policy_note if absent is AbsentReason.NON_CONCERNE else ""
    if score is None:
        return None, None, note
    code, label = plan.level(score)
    return code, label, note


def node_score(plan: Plan, rules: Leveled | None, *, id: str, kind: Kind,
               label: str, weight: float = 1.0, score: float | None = None,
               absent: AbsentReason | None = None, informational: bool = False,
               reason: str = "", rule: str = "", value: float | None = None,
               applicable_weight: float = 0.0, present_weight: float = 0.0,
               completeness: float = 0.0, respondents: int | None = None,
               children: tuple[NodeScore, ...] = (),
               answers: tuple[AnswerTrace, ...] = ()) -> NodeScore:
    """A node with its level, label and N/A note from ``rules`` (None for a question,
    which has neither level nor policy of its own)."""
    level, level_label, policy = (None, None, "") if rules is None \
        else leveled(plan, rules, score, absent)
    # by position, three times faster than by name (a hundred nodes per structure); the
    # order is NodeScore's, which tests/test_value_classes.py pins
    return NodeScore(id, kind, label, score, absent, informational, reason, rule, value,
                     level, level_label, weight, applicable_weight, present_weight,
                     completeness, policy, respondents, children, answers)
