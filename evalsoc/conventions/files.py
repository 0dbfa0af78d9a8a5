"""Convention files read into rows: a CSV (one row per indicator, several conventions
possible, and optionally a CSV of follow-up rows by hand) or the workbook of one
convention written by :mod:`evalsoc.conventions.workbook`. The workbook goes through the
same safety checks as the questionnaires (:mod:`evalsoc.excel.package`: format sniffed,
size and zip ratio bounded, XML entities refused).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from evalsoc.catalogue import Code
from evalsoc.conventions.rows import (
    CONVENTION_COLUMNS,
    HAND_COLUMNS,
    INDICATOR_COLUMNS,
    RawRow,
    Read,
    build,
)
from evalsoc.conventions.rules import Resolver
from evalsoc.excel.cells import a1
from evalsoc.excel.reader import RawWorkbook, Sheet
from evalsoc.excel.values import raw_text
from evalsoc.issues import Issue, make_issue
from evalsoc.support.files import os_reason, read_regular

__all__ = ["SHEET_CONVENTION", "SHEET_HAND", "SHEET_INDICATORS", "read_convention_file"]

SHEET_CONVENTION, SHEET_INDICATORS, SHEET_HAND = "Convention", "Indicateurs", "Suivi"
_LIMIT = 5_000_000  # bytes: a convention CSV is a few kilobytes


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _csv_rows(path: Path, required: tuple[str, ...], issues: list[Issue]) -> list[RawRow]:
    file = str(path)
    try:
        text = _decode(read_regular(path, _LIMIT))
    except OSError as err:
        issues.append(make_issue(Code.CNV_UNREADABLE, file=file, detail=os_reason(err)))
        return []
    header_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=header_line.count)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as err:
        issues.append(make_issue(Code.CNV_UNREADABLE, file=file, detail=str(err)))
        return []
    if not rows:
        return []
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in required if c not in header]
    if missing:
        issues.append(make_issue(Code.CNV_COLUMNS, file=file, line=1, missing=missing,
                                 expected=", ".join(required)))
        return []
    out = []
    for line, row in enumerate(rows[1:], start=2):
        values = {h: v for h, v in zip(header, row, strict=False) if h}
        if any(v.strip() for v in values.values()):
            where = {h: {"file": file, "line": line, "path": f"colonne {h}"} for h in header}
            out.append(RawRow(values, where))
    return out


def _open(path: Path, issues: list[Issue]) -> RawWorkbook | None:
    import python_calamine as calamine  # noqa: PLC0415 - only workbooks need it

    from evalsoc.excel.package import open_package  # noqa: PLC0415

    package, found = open_package(path)
    issues.extend(found)
    if package is None:
        return None
    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(package.for_reader()))
    except (calamine.CalamineError, ValueError, OSError) as err:
        issues.append(make_issue(Code.CNV_UNREADABLE, file=str(path), detail=str(err)[:160]))
        return None
    return RawWorkbook(package, book, list(book.sheet_names))


def _sheet(book: RawWorkbook, name: str, issues: list[Issue]) -> Sheet | None:
    try:
        return book.sheet(name)
    except KeyError:
        found = ", ".join(n for n in book.names if not n.startswith("_")) or "aucun"
        issues.append(make_issue(Code.CNV_MISSING_SHEET, file=book.file, sheet=name,
                                 found=found))
    except ValueError as err:
        issues.append(make_issue(Code.CNV_UNREADABLE, file=book.file, detail=str(err)[:160]))
    return None


def _table(sheet: Sheet, file: str, columns: tuple[str, ...], required: tuple[str, ...],
           issues: list[Issue], extra: dict[str, tuple[str, dict[str, Any]]] | None = None
           ) -> list[RawRow]:
    """Rows under the header row (the row whose cells name the columns, among the first
    ten): a column moved is still found by its name."""
    for top in range(1, min(len(sheet.rows), 10) + 1):
        names = [raw_text(v).strip().lower() for v in sheet.rows[top - 1]]
        if all(c in names for c in required):
            break
    else:
        issues.append(make_issue(Code.CNV_COLUMNS, file=file, sheet=sheet.name,
                                 missing=list(required), expected=", ".join(columns)))
        return []
    place = {c: names.index(c) + 1 for c in columns if c in names}
    out = []
    for row in range(top + 1, len(sheet.rows) + 1):
        values = {c: raw_text(sheet.value(row, col)).strip() for c, col in place.items()}
        if not any(values.values()):
            continue
        where = {c: {"file": file, "sheet": sheet.name, "cell": a1(row, col)}
                 for c, col in place.items()}
        for column, (text, position) in (extra or {}).items():
            values[column], where[column] = text, position
        out.append(RawRow(values, where))
    return out


def _header(sheet: Sheet, file: str) -> dict[str, tuple[str, dict[str, Any]]]:
    """The Convention sheet: a label in column A, the field's code in column B, its value
    in column C."""
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    for row in range(1, len(sheet.rows) + 1):
        code = raw_text(sheet.value(row, 2)).strip().lower()
        if code in CONVENTION_COLUMNS and code not in found:
            found[code] = (raw_text(sheet.value(row, 3)).strip(),
                           {"file": file, "sheet": sheet.name, "cell": a1(row, 3)})
    return found


def _workbook(path: Path, issues: list[Issue]) -> tuple[list[RawRow], list[RawRow]]:
    book = _open(path, issues)
    if book is None:
        return [], []
    sheets = [_sheet(book, n, issues) for n in (SHEET_CONVENTION, SHEET_INDICATORS,
                                                SHEET_HAND)]
    head, table, hand = sheets
    if head is None or table is None:
        return [], []
    file = str(path)
    extra = _header(head, file)
    missing = [c for c in CONVENTION_COLUMNS if c not in extra]
    if missing:
        issues.append(make_issue(Code.CNV_COLUMNS, file=file, sheet=SHEET_CONVENTION,
                                 missing=missing, expected=", ".join(CONVENTION_COLUMNS)))
        return [], []
    rows = _table(table, file, INDICATOR_COLUMNS, ("indicateur",), issues, extra)
    hand_extra = {"convention": extra["convention"]}
    hands = [] if hand is None else _table(hand, file, HAND_COLUMNS[1:],
                                           ("indicateur", "annee"), issues, hand_extra)
    return rows, hands


def read_convention_file(path: Path, hand: Path | None = None,
                         root: Path | None = None) -> Read:
    """The conventions of a CSV or a workbook (by its extension, then by its content:
    the package check names a CSV called .xlsx), with the follow-up rows of ``hand`` (a
    CSV) or of the workbook's Suivi sheet. The files are only read."""
    issues: list[Issue] = []
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        rows, hands = _workbook(path, issues)
    else:
        rows = _csv_rows(path, ("convention", "indicateur"), issues)
        hands = []
    if hand is not None:
        hands += _csv_rows(hand, ("indicateur", "annee"), issues)
    read = build(str(path), rows, hands, Resolver(root)) if rows else Read(str(path))
    if not rows and not issues:
        issues.append(make_issue(Code.CNV_EMPTY, file=str(path)))
    read.issues[:0] = issues
    return read
