"""The board's plan d'action and shared analysis, kept with a submission's answers.

They live in the ``evaluator_notes`` table beside the evaluator's appreciations, under
keys no dimension can have (a dimension id has no colon or hyphenated word): one row per
action, keyed ``plan-action:<n>`` with the action as JSON in ``text``, and the analysis
under ``analyse-partagee``. No schema change: bases written before simply have none.
"""

from __future__ import annotations

import json

from evalsoc.answers.model import AnswerSet, CellRef, PlanAction
from evalsoc.store.backends import Connection

__all__ = ["ANALYSIS_KEY", "PLAN_PREFIX", "is_plan_key", "plan_note_rows", "read_plan"]

PLAN_PREFIX = "plan-action:"
ANALYSIS_KEY = "analyse-partagee"


def is_plan_key(key: str) -> bool:
    return key.startswith(PLAN_PREFIX) or key == ANALYSIS_KEY


def plan_note_rows(submission: int, answers: AnswerSet
                   ) -> list[tuple[int, str, int | None, str | None]]:
    """The ``evaluator_notes`` rows of the plan and the analysis."""
    rows: list[tuple[int, str, int | None, str | None]] = []
    for n, action in enumerate(answers.plan, start=1):
        data = action.model_dump(mode="json", exclude_none=True)
        rows.append((submission, f"{PLAN_PREFIX}{n:03d}", None,
                     json.dumps(data, ensure_ascii=False)))
    if answers.analyse_partagee:
        rows.append((submission, ANALYSIS_KEY, None, answers.analyse_partagee))
    return rows


def read_plan(conn: Connection, submission: int
              ) -> tuple[tuple[PlanAction, ...], str | None]:
    """The plan's actions in order and the analysis of one submission."""
    actions: list[PlanAction] = []
    analysis: str | None = None
    for key, text in conn.execute(
            "SELECT dimension, text FROM evaluator_notes WHERE submission_id = ? AND "
            "(dimension LIKE 'plan-action:%' OR dimension = ?) ORDER BY dimension",
            (submission, ANALYSIS_KEY)):
        if key == ANALYSIS_KEY:
            analysis = text
        elif text:
            data = json.loads(text)
            source = data.pop("source", None)
            actions.append(PlanAction(**data, source=CellRef(**source) if source else None))
    return tuple(actions), analysis
