"""An authoring workbook loaded as a YAML file is (:func:`evalsoc.referentiel.loader.load_file`):
a :class:`~evalsoc.referentiel.loader.LoadResult` whose issues, and those the checks of
``referentiel check`` find later, point to the sheet and cell of the value at fault.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pydantic import ValidationError

from evalsoc.authoring.read import Document, read_authoring
from evalsoc.catalogue import Code
from evalsoc.issues import Issue, format_path, make_issue
from evalsoc.referentiel.fingerprint import canonical_hash
from evalsoc.referentiel.library import library_for, load_library, resolve_uses
from evalsoc.referentiel.loader import LoadResult, schema_problem
from evalsoc.referentiel.model import Referentiel

__all__ = ["WORKBOOK_SUFFIXES", "is_workbook", "load_authoring", "located"]

WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm"})


def is_workbook(path: Path) -> bool:
    return path.suffix.casefold() in WORKBOOK_SUFFIXES


def load_authoring(path: Path, library: Path | None = None) -> tuple[LoadResult, Document]:
    """The référentiel the workbook at ``path`` holds, or its located issues. The lines
    that name a shared question (« use ») take it from ``library`` (by default the one a
    YAML file at the workbook's place would read, :func:`library_for`)."""
    doc = read_authoring(path)
    if any(i.severity.value == "erreur" for i in doc.issues):
        return LoadResult(doc.file, None, tuple(doc.issues)), doc
    data = doc.data
    if _uses(data):
        shared = load_library(library or library_for(doc.file))
        data, found = resolve_uses(data, shared, doc.file, lambda _loc: None)
        if found:
            issues = [*doc.issues, *shared.issues, *located(doc, found)]
            return LoadResult(doc.file, None, tuple(issues)), doc
    try:
        referentiel = Referentiel.model_validate(data)
    except ValidationError as err:
        issues = [*doc.issues, *(_schema_issue(doc, e, data) for e in err.errors())]
        return LoadResult(doc.file, None, tuple(issues)), doc
    return (LoadResult(doc.file, referentiel, tuple(doc.issues),
                       hash=canonical_hash(referentiel)), doc)


def _uses(data: dict[str, object]) -> bool:
    """Whether a line of the diagnostic names a shared question."""
    section = data.get("diagnostic")
    return isinstance(section, dict) and any(
        "use" in line for part in section.get("sections", ()) if isinstance(part, dict)
        for line in part.get("lines", ()) if isinstance(line, dict))


def _schema_issue(doc: Document, error: object, data: object) -> Issue:
    loc, detail = schema_problem(error, data)
    path = format_path(loc) or "(racine)"
    sheet, cell = doc.where(path) or (None, None)
    return make_issue(Code.REF_SCHEMA, file=doc.file, sheet=sheet, cell=cell, path=path,
                      detail=detail)


def located(doc: Document, issues: Iterable[Issue]) -> list[Issue]:
    """Issues found on the document (a path, no line) placed at their sheet and cell."""
    out = []
    for issue in issues:
        found = doc.where(issue.path) if issue.sheet is None and issue.path \
            and issue.file == doc.file else None
        out.append(issue if found is None else
                   issue.model_copy(update={"sheet": found[0], "cell": found[1]}))
    return out
