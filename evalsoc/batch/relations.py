"""How the files of a batch relate: which individual forms join which structure, which
files are there twice. One rule for ``check``, ``score`` and ``ingest``.

A form joins the valid structure workbook it names (:mod:`evalsoc.excel.links`); a
form whose structure's workbook is not in the batch gets XL030 (its answers count for
no structure until it is read with that workbook); of two versions of the same form, the
more recent file counts and the other gets XL033; a structure with a second workbook
gets XL031 on the second. Pure: reads in, relations out.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from evalsoc.catalogue import Code
from evalsoc.excel.links import form_key, structure_keys
from evalsoc.excel.workbook import WorkbookRead
from evalsoc.issues import Issue, make_issue

__all__ = ["is_structure", "orphan_issue", "relate", "structures_by_link"]


def is_structure(read: WorkbookRead) -> bool:
    """A valid structure workbook: one that is scored (individual forms join theirs)."""
    return read.valid and not read.individual and read.answers is not None


def structures_by_link(reads: Iterable[WorkbookRead]) -> dict[str, WorkbookRead]:
    """Each structure workbook under every id its forms may name it by; a questionnaire
    id named exactly wins over a derived link."""
    found: dict[str, WorkbookRead] = {}
    derived: list[tuple[str, WorkbookRead]] = []
    for read in reads:
        own = read.meta.get("questionnaire_id", "")
        if own:
            found.setdefault(own, read)
        derived += [(key, read) for key in structure_keys(read.meta) if key != own]
    for key, read in derived:
        found.setdefault(key, read)
    return found


def orphan_issue(read: WorkbookRead) -> Issue:
    """XL030: a form whose structure's workbook is not there; its answers wait."""
    return make_issue(Code.XL_ORPHAN_INDIVIDUAL, file=read.file,
                      file_sha256=(read.sha256 or "")[:12] or None,
                      structure=read.meta.get("structure_id") or "?")


def relate(reads: list[WorkbookRead]
           ) -> tuple[dict[str, list[WorkbookRead]], dict[str, list[Issue]]]:
    """The forms joining each structure workbook (by its file), and the issues to add to
    each file (by file)."""
    parents = structures_by_link(r for r in reads if is_structure(r)) \
        if any(r.individual for r in reads) else {}  # no form to join: no link to derive
    forms: dict[str, list[WorkbookRead]] = {}
    flags: dict[str, list[Issue]] = {}
    seen: dict[str, str] = {}
    for read in reads:
        if read.individual and read.valid:
            parent = parents.get(form_key(read.meta))
            if parent is None:
                flags.setdefault(read.file, []).append(orphan_issue(read))
            elif (twin := _add_form(forms.setdefault(parent.file, []), read)) is not None:
                flags.setdefault(twin.file or "", []).append(twin)
        elif is_structure(read) and read.answers is not None:
            ident = read.answers.structure.id
            if ident in seen:
                flags.setdefault(read.file, []).append(make_issue(
                    Code.XL_DUPLICATE_STRUCTURE, file=read.file, structure=ident,
                    other=seen[ident]))
            seen.setdefault(ident, read.file)
    return forms, flags


def _add_form(forms: list[WorkbookRead], read: WorkbookRead) -> Issue | None:
    """Add an individual form to its structure's. Of two versions of the same form the
    more recent file (then the later name) counts; the issue flags the other one."""
    ident = read.meta.get("questionnaire_id")
    twin = next((f for f in forms if ident and f.meta.get("questionnaire_id") == ident), None)
    if twin is None:
        forms.append(read)
        return None
    kept, dropped = (read, twin) if _age(read) >= _age(twin) else (twin, read)
    forms[forms.index(twin)] = kept
    return make_issue(Code.XL_DUPLICATE_FORM, file=dropped.file, other=kept.file)


def _age(read: WorkbookRead) -> tuple[float, str]:
    path = Path(read.file)
    return (path.stat().st_mtime if path.exists() else 0.0, path.name)
