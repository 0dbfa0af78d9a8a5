"""Checked by the mypy step of the test command, never run: answers, cell references,
traces and score nodes are built without the cost of a frozen dataclass
(evalsoc.support.immutable), and mypy --strict is what refuses to change them. Each
assignment below must be refused: were one accepted, its « type: ignore » would be unused,
which strict mypy reports as an error.
"""

from __future__ import annotations

from evalsoc.answers.model import Answer, CellRef
from evalsoc.scoring.result import AnswerTrace, NodeScore


def change(answer: Answer, cell: CellRef, trace: AnswerTrace, node: NodeScore) -> None:
    answer.value = "2"  # type: ignore[misc]
    cell.cell = "A1"  # type: ignore[misc]
    trace.score = 0.0  # type: ignore[misc]
    node.score = 0.0  # type: ignore[misc]
    node.children = ()  # type: ignore[misc]
