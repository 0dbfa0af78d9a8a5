"""Stage 5, scoring: pure functions from a validated answer set to explained scores.

A référentiel is compiled once into a plan (:mod:`~evalsoc.scoring.plan`); each
indicator is scored by the method it declares (:mod:`~evalsoc.scoring.indicator`, from
the answers of :mod:`~evalsoc.scoring.inputs`), then critères and dimensions combine
their children (:mod:`~evalsoc.scoring.combine`). Every node of the
:class:`~evalsoc.scoring.result.ScoreResult` keeps its trace down to the answers and
their cells. No I/O, and none of the edges' libraries (YAML, pandas, click, openpyxl)
is loaded: worker processes that score carry only this.
"""

from evalsoc.scoring.engine import score
from evalsoc.scoring.result import AbsentReason, AnswerTrace, NodeScore, ScoreResult

__all__ = ["AbsentReason", "AnswerTrace", "NodeScore", "ScoreResult", "score"]
