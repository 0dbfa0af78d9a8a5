"""Scoring: pure functions from answers to explained scores."""

from evalsoc.scoring.engine import score
from evalsoc.scoring.result import AbsentReason, AnswerTrace, NodeScore, ScoreResult

__all__ = ["AbsentReason", "AnswerTrace", "NodeScore", "ScoreResult", "score"]
