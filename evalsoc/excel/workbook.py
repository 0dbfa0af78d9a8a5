"""One workbook file in, a validated answer set (or the reasons why not) out."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from evalsoc.answers.model import AnswerSet
from evalsoc.answers.validate import validate_answer_set
from evalsoc.catalogue import Code
from evalsoc.excel import layout
from evalsoc.excel.extract import extract
from evalsoc.excel.package import open_package
from evalsoc.excel.reader import RawWorkbook, open_raw
from evalsoc.issues import Issue, Severity, make_issue
from evalsoc.referentiel.fingerprint import matches
from evalsoc.referentiel.model import Referentiel
from evalsoc.referentiel.registry import (
    ReferentielNotFoundError,
    list_entries,
    load_entry,
    resolve,
)

__all__ = ["Resolved", "WorkbookRead", "read_workbook"]


@dataclass(frozen=True)
class WorkbookRead:
    """What one file gave: its identity, its answers (valid ones only) and its issues."""

    file: str
    sha256: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    referentiel: Referentiel | None = None
    ref_hash: str | None = None
    answers: AnswerSet | None = None
    issues: tuple[Issue, ...] = ()
    # the answers and respondents were left out (a batch that only needs the scores, whose
    # result counts the respondents); the answer set still says whose answers they are,
    # under which référentiel
    without_answers: bool = False

    @property
    def valid(self) -> bool:
        return self.answers is not None and not any(
            i.severity is Severity.ERROR for i in self.issues)

    @property
    def individual(self) -> bool:
        return _individual(self.meta)


_WHOLE_FORM = frozenset((Code.ANS_BLANK.value, Code.ANS_PARTIAL.value))


def _individual(meta: dict[str, str]) -> bool:
    return meta.get("kind") == layout.KIND_INDIVIDUAL


# référentiels already found during one batch: (root, id, version, expected hash) -> the
# référentiel and its hash. A batch's workbooks name the same few; looking each one up in
# the registry again (a folder listing) costs more than reading a small sheet.
Resolved = dict[tuple[str, str, str, str], tuple[Referentiel, str]]


def read_workbook(path: Path, root: Path | None = None,
                  resolved: Resolved | None = None, sources: bool = True) -> WorkbookRead:
    """Read, check and normalise one workbook; never raises for a bad file. ``resolved``:
    the référentiels found so far by the batch this file belongs to (filled in here).
    ``sources=False``: a structure's answers need not name their cell (nobody will show
    them); the issues still do, and so do an individual form's answers (they join their
    structure's, whose score is then explained answer by answer)."""
    file = str(path)
    package, issues = open_package(path)
    if package is None:
        return WorkbookRead(file, issues=tuple(issues))
    raw, found = open_raw(package)
    issues += found
    if raw is None:
        return WorkbookRead(file, package.sha256, issues=tuple(issues))
    ref, ref_hash, problem = _referentiel(raw, root, resolved)
    if ref is None or ref_hash is None:
        return WorkbookRead(file, package.sha256, raw.meta, issues=(*issues, *problem))
    answer_set, found, extracted = extract(raw, ref, sources or _individual(raw.meta))
    issues += found
    said = {(i.respondent, i.question) for i in (*issues, *extracted.value_issues)
            if i.severity is Severity.ERROR and i.question and i.respondent}
    normalised, found = validate_answer_set(answer_set, ref, file, ref_hash, normalised=True,
                                            refused=said)
    found = [*extracted.value_issues, *found]
    sha = raw.where()["file_sha256"]
    missing = {i.sheet for i in issues if i.code == Code.XL_MISSING_SHEET.value}
    for issue in found:
        if issue.code == Code.ANS_REQUIRED.value and (
                (issue.respondent, issue.question) in said or missing):
            continue  # already explained: a refused cell, or the sheet itself is missing
        if issue.code in _WHOLE_FORM and layout.QUESTIONNAIRE_SHEET in missing:
            continue  # a blank questionnaire because its sheet is missing: one error says it
        update: dict[str, str] = {} if issue.file_sha256 else {"file_sha256": sha}
        if issue.code in _WHOLE_FORM:
            update["sheet"] = layout.QUESTIONNAIRE_SHEET
        cell = extracted.cell_of(issue.respondent or "", issue.question or "")
        if issue.cell is None and cell is not None:
            update |= {"sheet": cell[0], "cell": cell[1]}
        issues.append(issue.model_copy(update=update) if update else issue)
    return WorkbookRead(file, package.sha256, raw.meta, ref, ref_hash, normalised,
                        tuple(issues))


def _referentiel(raw: RawWorkbook, root: Path | None, resolved: Resolved | None = None
                 ) -> tuple[Referentiel | None, str | None, list[Issue]]:
    ident, version = raw.meta.get("referentiel", ""), raw.meta.get("referentiel_version", "")
    expected = raw.meta.get("referentiel_hash", "")
    if not expected:  # a version check skipped in silence is no check
        wanted = f"{ident}@{version}" if version else ident
        return None, None, [make_issue(Code.XL_NO_FINGERPRINT, ref=wanted, **raw.where())]
    key = (str(root), ident, version, expected)
    if resolved is not None and (found := resolved.get(key)) is not None:
        return found[0], found[1], []
    wanted = f"{ident}@{version}" if version else ident
    try:
        entry, ref = resolve(wanted, root)
    except ReferentielNotFoundError:
        known = ", ".join(e.ref for e in list_entries(root)) or "aucun"
        return None, None, [make_issue(Code.XL_UNKNOWN_REFERENTIEL, ref=wanted, known=known,
                                       **raw.where())]
    actual = load_entry(entry).hash or ""
    if expected != actual and not matches(ref, expected):  # an earlier fingerprint too
        return None, None, [make_issue(Code.XL_OTHER_VERSION, ref=ref.ref,
                                       expected=expected[:12], actual=actual[:12],
                                       **raw.where())]
    if resolved is not None:
        resolved[key] = (ref, actual)
    return ref, actual, []
