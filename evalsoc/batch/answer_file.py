"""Files in, scores out: the edge that joins reading, validating and scoring."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from evalsoc.answers.model import AnswerSet, load_answer_set
from evalsoc.answers.validate import validate_answer_set
from evalsoc.catalogue import Code
from evalsoc.issues import Issue, Severity, make_issue
from evalsoc.referentiel.model import Referentiel
from evalsoc.referentiel.registry import ReferentielNotFoundError, list_entries, resolve
from evalsoc.scoring import ScoreResult, score

__all__ = ["ScoredFile", "score_answer_file"]


@dataclass(frozen=True)
class ScoredFile:
    file: str
    referentiel: Referentiel | None
    answers: AnswerSet | None
    issues: tuple[Issue, ...]
    result: ScoreResult | None

    @property
    def valid(self) -> bool:
        return not any(i.severity is Severity.ERROR for i in self.issues)


def score_answer_file(path: Path, root: Path | None = None) -> ScoredFile:
    """Read, validate and score one JSON answer set; a file with errors is not scored."""
    file = str(path)
    answer_set, issues = load_answer_set(path)
    if answer_set is None:
        return ScoredFile(file, None, None, tuple(issues), None)
    try:
        _, referentiel = resolve(answer_set.referentiel, root)
    except ReferentielNotFoundError:
        known = ", ".join(e.ref for e in list_entries(root)) or "aucun"
        issue = make_issue(Code.ANS_REFERENTIEL, file=file, ref=answer_set.referentiel,
                           known=known)
        return ScoredFile(file, None, answer_set, (issue,), None)
    normalised, found = validate_answer_set(answer_set, referentiel, file)
    issues = [*issues, *found]
    valid = not any(i.severity is Severity.ERROR for i in issues)
    result = score(referentiel, normalised) if valid else None
    return ScoredFile(file, referentiel, normalised, tuple(issues), result)
