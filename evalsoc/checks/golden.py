"""Golden examples: answer sets shipped with a référentiel and the scores they must give.

A file ``<root>/<id>/examples/<version>/<name>.json`` holds ``description``, ``answers``
(an answer set) and ``expected``: node id -> score (to 0.01) or absence reason, or
``"informatif"``. For a diagnostic, a key ``F05@n`` names an indicator for one period:
``{"valeur": 5.01, "bande": "vert"}`` (the value compared at the precision it is written
with, the band as it is, ``null`` for an informational indicator) or
``"non_calculable"``.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from evalsoc.answers.model import AnswerSet
from evalsoc.answers.validate import validate_answer_set
from evalsoc.catalogue import Code
from evalsoc.diagnostic import DiagnosticResult, Reading
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
    result = score(referentiel, normalised)
    nodes = result.nodes()
    for key, wanted in expected.items():
        if "@" in key:
            issues.extend(_reading_issue(result.diagnostics, key, wanted, path))
    for node_id, want in expected.items():
        if "@" in node_id:
            continue
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


def _reading_issue(diagnostics: tuple[DiagnosticResult, ...], key: str, want: object,
                   path: Path) -> list[Issue]:
    ident, _, period = key.partition("@")
    reading = next((r for d in diagnostics for r in d.readings
                    if r.id == ident and r.period == period), None)
    if _reading_matches(reading, want):
        return []
    return [make_issue(Code.FIN_GOLD_MISMATCH, file=str(path), path=key, example=path.stem,
                       key=key, expected=_shown_wanted(want), actual=_shown_reading(reading))]


def _reading_matches(reading: Reading | None, want: object) -> bool:
    if reading is None:
        return False
    if want == "non_calculable":
        return reading.value is None
    if not isinstance(want, dict) or reading.value is None:
        return False
    value = want.get("valeur")
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    return _at_precision(reading.value, float(value)) and bool(want.get("bande") == reading.band)


def _at_precision(actual: float, expected: float) -> bool:
    """``actual`` rounded to as many decimals as ``expected`` is written with."""
    text = repr(expected)
    decimals = len(text.split(".")[1]) if "." in text and "e" not in text else 0
    return abs(round(actual, decimals) - expected) <= 10.0 ** -(decimals + 3)


def _shown_wanted(want: object) -> str:
    if isinstance(want, dict):
        value = want.get("valeur")
        shown = fr_number(value, 6) if isinstance(value, (int, float)) else str(value)
        return f"{shown} ({want.get('bande') or 'sans bande'})"
    return str(want)


def _shown_reading(reading: Reading | None) -> str:
    if reading is None:
        return "(indicateur ou exercice absent)"
    if reading.value is None:
        return f"non_calculable ({reading.reason})"
    return f"{fr_number(reading.value, 6)} ({reading.band or 'sans bande'})"
