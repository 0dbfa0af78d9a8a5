"""Golden examples: answer sets shipped with a référentiel and the scores they must give.

A file ``<root>/<id>/examples/<version>/<name>.json`` holds ``description``, ``answers``
(an answer set) and ``expected``: node id -> score (to 0.01) or absence reason, or
``"informatif"``.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from evalsoc.answers.model import AnswerSet
from evalsoc.answers.validate import validate_answer_set
from evalsoc.catalogue import Code
from evalsoc.issues import Issue, make_issue
from evalsoc.referentiel.model import Referentiel
from evalsoc.scoring import NodeScore, score
from evalsoc.support.formatting import fr_number

__all__ = ["TOLERANCE", "check_examples", "describe"]

TOLERANCE = 0.01


def describe(node: NodeScore | None) -> str:
    """What a node gives, in the vocabulary of ``expected``."""
    if node is None:
        return "(nœud absent)"
    if node.score is not None:
        return fr_number(node.score, 2)
    if node.informational:
        return "informatif"
    return node.absent.value if node.absent else "(aucun score)"


def check_examples(referentiel: Referentiel, folder: Path) -> tuple[int, list[Issue]]:
    """How many examples were verified, and every mismatch found."""
    files = sorted(folder.glob("*.json")) if folder.is_dir() else []
    if not files:
        return 0, [make_issue(Code.GOLD_MISSING, file=str(folder))]
    issues: list[Issue] = []
    for path in files:
        issues.extend(_check_one(referentiel, path))
    return len(files), issues


def _check_one(referentiel: Referentiel, path: Path) -> list[Issue]:
    name = path.stem
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        answers = AnswerSet.model_validate(data["answers"])
        expected: dict[str, float | str] = dict(data["expected"])
    except (OSError, ValueError, KeyError, TypeError, ValidationError) as err:
        return [make_issue(Code.GOLD_UNREADABLE, file=str(path), example=name,
                           detail=str(err).splitlines()[0])]
    normalised, found = validate_answer_set(answers, referentiel, str(path))
    issues = [i for i in found if i.severity.value == "erreur"]
    nodes = score(referentiel, normalised).nodes()
    for node_id, want in expected.items():
        node = nodes.get(node_id)
        if not _matches(node, want):
            shown = fr_number(want, 2) if isinstance(want, (int, float)) else str(want)
            issues.append(make_issue(Code.GOLD_MISMATCH, file=str(path), path=node_id,
                                     example=name, node=node_id, expected=shown,
                                     actual=describe(node)))
    return issues


def _matches(node: NodeScore | None, want: float | str) -> bool:
    if node is None:
        return False
    if isinstance(want, (int, float)):
        return node.score is not None and abs(node.score - want) <= TOLERANCE
    return describe(node) == want
