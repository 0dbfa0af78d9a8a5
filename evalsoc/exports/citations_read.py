"""The consultant's marked citations workbook read back (``evalsoc citations importer``).

Every row is checked against the campaign's stored free texts: the campaign it names,
its structure, and its text, which must still be the one stored under the same key
(structure, group, respondent, question, nature); « publier » must say oui or non. Any
error refuses the whole import (nothing is saved, the previous selection stays); the
warnings (a quote of a structure without consent, a line twice, an edited text not
marked) do not. The file is read through the same safe package checks as the
questionnaires (:func:`evalsoc.excel.package.open_package`) and never modified.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from evalsoc.catalogue import Code
from evalsoc.excel.cells import a1
from evalsoc.excel.reader import RawWorkbook, Sheet
from evalsoc.excel.values import raw_text
from evalsoc.exports.citations import COLUMNS, SHEET
from evalsoc.issues import Issue, Severity, make_issue
from evalsoc.store.quotes import FreeText
from evalsoc.structures.consent import NONE
from evalsoc.support.text import canon

__all__ = ["MarkedCitations", "read_citations", "yes_no"]

_REQUIRED = ("campagne", "structure", "groupe", "repondant", "question", "nature", "texte",
             "publier")
_YES = {"oui", "o", "x", "1", "yes", "vrai", "true"}
_NO = {"non", "n", "0", "no", "faux", "false", ""}
_SHOWN = 80  # characters of a text quoted in a message
Where = Callable[[str], dict[str, str]]  # a column -> its cell on the row being read
Key = tuple[tuple[str, str, str, str, str], str]


@dataclass
class MarkedCitations:
    """What an import read: the rows, the quotes marked « oui », and the problems."""

    file: str
    sha256: str = ""
    rows: int = 0
    selected: list[FreeText] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for i in self.issues if i.severity is Severity.ERROR)


def yes_no(raw: str) -> bool | None:
    """« oui » (and its obvious variants) True, « non » or empty False, else None."""
    value = canon(raw)
    return True if value in _YES else False if value in _NO else None


def _plain(text: str) -> str:
    return " ".join(text.split())


def _short(text: str) -> str:
    flat = _plain(text)
    return flat if len(flat) <= _SHOWN else flat[:_SHOWN - 1] + "…"


def _open(path: Path, out: MarkedCitations) -> RawWorkbook | None:
    import python_calamine as calamine  # noqa: PLC0415 - only workbooks need it

    from evalsoc.excel.package import open_package  # noqa: PLC0415

    package, found = open_package(path)
    out.issues.extend(found)
    if package is None:
        return None
    out.sha256 = package.sha256
    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(package.for_reader()))
    except (calamine.CalamineError, ValueError, OSError) as err:
        out.issues.append(make_issue(Code.CIT_UNREADABLE, file=out.file, detail=str(err)[:160]))
        return None
    return RawWorkbook(package, book, list(book.sheet_names))


def _sheet(book: RawWorkbook, out: MarkedCitations) -> Sheet | None:
    try:
        return book.sheet(SHEET)
    except KeyError:
        found = ", ".join(f"« {n} »" for n in book.names if not n.startswith("_")) or "aucun"
        out.issues.append(make_issue(Code.CIT_MISSING_SHEET, file=out.file, sheet=SHEET,
                                     found=found))
    except ValueError as err:
        out.issues.append(make_issue(Code.CIT_UNREADABLE, file=out.file, detail=str(err)[:160]))
    return None


def _cell(sheet: Sheet, row: int, col: int) -> str:
    value = sheet.value(row, col)
    return "" if value is None else raw_text(value)


def _header(sheet: Sheet, out: MarkedCitations) -> tuple[int, dict[str, int]] | None:
    for top in range(1, min(len(sheet.rows), 10) + 1):
        width = len(sheet.rows[top - 1])
        names = [_cell(sheet, top, c).strip().lower() for c in range(1, width + 1)]
        if all(c in names for c in _REQUIRED):
            return top, {c: names.index(c) + 1 for c in COLUMNS if c in names}
    first = [_cell(sheet, 1, c).strip() for c in range(1, len(sheet.rows[0]) + 1)] \
        if sheet.rows else []
    missing = [c for c in _REQUIRED if c not in [f.lower() for f in first]]
    out.issues.append(make_issue(Code.CIT_COLUMNS, file=out.file, sheet=SHEET, cell="A1",
                                 missing=", ".join(missing), expected=", ".join(COLUMNS)))
    return None


def read_citations(path: Path, campaign: str, stored: Sequence[FreeText],
                   consents: Mapping[str, str]) -> MarkedCitations:
    """The rows of ``path`` checked against ``stored`` (the campaign's free texts)."""
    out = MarkedCitations(str(path))
    book = _open(path, out)
    sheet = None if book is None else _sheet(book, out)
    found = None if sheet is None else _header(sheet, out)
    if sheet is None or found is None:
        return out
    top, place = found
    texts = {(t.key, _plain(t.text)): t for t in stored}
    structures = {t.structure_id for t in stored}
    seen: dict[Key, int] = {}
    for row in range(top + 1, len(sheet.rows) + 1):
        values = {c: _cell(sheet, row, col) for c, col in place.items()}
        if not any(v.strip() for v in values.values()):
            continue
        out.rows += 1

        def where(column: str, row: int = row) -> dict[str, str]:
            return {"file": out.file, "sheet": SHEET, "cell": a1(row, place[column])}
        _check_row(out, values, where, row, campaign, texts, structures, consents, seen)
    return out


def _check_row(out: MarkedCitations, values: dict[str, str], at: Where, row: int,
               campaign: str, texts: dict[Key, FreeText], structures: set[str],
               consents: Mapping[str, str], seen: dict[Key, int]) -> None:
    start = len(out.issues)
    if values["campagne"].strip() != campaign:
        out.issues.append(make_issue(Code.CIT_OTHER_CAMPAIGN, raw=values["campagne"],
                                     campaign=campaign, **at("campagne")))
    structure = values["structure"].strip()
    if structure not in structures:
        out.issues.append(make_issue(Code.CIT_UNKNOWN_STRUCTURE, raw=structure,
                                     campaign=campaign, **at("structure")))
    marked = yes_no(values["publier"])
    if marked is None:
        out.issues.append(make_issue(Code.CIT_PUBLISH_VALUE, raw=values["publier"],
                                     **at("publier")))
    key = (structure, values["groupe"].strip(), values["repondant"].strip(),
           values["question"].strip(), values["nature"].strip())
    stored = texts.get((key, _plain(values["texte"])))
    if stored is None and structure in structures:
        out.issues.append(make_issue(
            Code.CIT_TEXT_CHANGED, structure=structure, group=key[1], respondent=key[2],
            question=key[3], raw=_short(values["texte"]), **at("texte")))
    if len(out.issues) > start or stored is None:
        return
    if (stored.key, stored.text) in seen:
        out.issues.append(make_issue(Code.CIT_DUPLICATE, first=seen[(stored.key, stored.text)],
                                     **at("texte")))
        return
    seen[(stored.key, stored.text)] = row
    edited = _plain(values.get("texte_retenu", ""))
    if edited and not marked:
        out.issues.append(make_issue(Code.CIT_EDIT_UNMARKED, raw=_short(edited),
                                     **at("texte_retenu")))
    if not marked:
        return
    if len(edited) > len(_plain(stored.text)):
        out.issues.append(make_issue(Code.CIT_EDIT_TOO_LONG, length=len(edited),
                                     original=len(_plain(stored.text)), raw=_short(edited),
                                     **at("texte_retenu")))
        return
    consent = consents.get(structure, NONE)
    if consent == NONE:
        out.issues.append(make_issue(Code.CIT_NOT_CONSENTED, structure=structure,
                                     consent=consent, **at("publier")))
    out.selected.append(FreeText(*stored.key, text=stored.text, shown=edited or stored.text))
