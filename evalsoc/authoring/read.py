"""An authoring workbook read back into the document of the YAML format, with the
cell of every value (so that every problem found later points to it).

The file is first opened as questionnaires are (:func:`evalsoc.excel.package.open_package`:
format sniffed, sizes bounded, XML entities refused); a cell that cannot hold its
column's value, a formula, an unknown column, a row attached to an unknown parent, each
is an issue at its cell, and nothing is dropped in silence.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from evalsoc.authoring.cells import typed
from evalsoc.authoring.layout import (
    CROSSWALK,
    CROSSWALK_BANDS,
    CROSSWALK_OPTIONS,
    DIAGNOSTIC,
    DIAGNOSTIC_SHEETS,
    GLOSSARY,
    SETTINGS,
    SHEETS,
    Sheet,
)
from evalsoc.catalogue import Code
from evalsoc.excel.package import open_package
from evalsoc.issues import Issue, Loc, format_path, make_issue

__all__ = ["CellError", "Document", "Formula", "Row", "read_authoring"]

README_SHEET = "lisez-moi"
REQUIRED = frozenset({SETTINGS, "groupes", "dimensions", "criteres", "indicateurs",
                      "questions"})
# a référentiel « diagnostic » (« kind » diagnostic in « referentiel »): no tree
REQUIRED_DIAGNOSTIC = frozenset({SETTINGS, "groupes", DIAGNOSTIC, "sections", "lignes",
                                 "ratios"})
_READ: tuple[Sheet | str, ...] = (SETTINGS, *SHEETS, GLOSSARY, DIAGNOSTIC,
                                  *DIAGNOSTIC_SHEETS, CROSSWALK, CROSSWALK_OPTIONS,
                                  CROSSWALK_BANDS)


@dataclass
class Row:
    """One row of a sheet: its values by column (empty cells left out) and cells."""

    sheet: str
    number: int
    values: dict[str, Any]
    cells: dict[str, str]  # column key -> A1 reference, empty cells included

    def at(self, key: str | None = None) -> tuple[str, str]:
        return self.sheet, self.cells.get(key or "", f"A{self.number}")


@dataclass
class Document:
    """The YAML document a workbook holds, where each value came from, what went wrong."""

    file: str
    data: dict[str, Any] = field(default_factory=dict)
    cells: dict[str, tuple[str, str]] = field(default_factory=dict)  # path -> sheet, cell
    issues: list[Issue] = field(default_factory=list)
    sheets: dict[str, list[Row]] = field(default_factory=dict)

    def place(self, loc: Loc, row: Row, key: str | None = None) -> None:
        self.cells[format_path(loc)] = row.at(key)

    def place_row(self, loc: Loc, row: Row) -> None:
        """The row's own place, and each of its columns' (as fields of ``loc``)."""
        self.place(loc, row)
        for key in row.cells:
            self.place((*loc, key), row, key)

    def where(self, path: str) -> tuple[str, str] | None:
        """The cell of ``path`` or of its nearest ancestor placed."""
        while path:
            if path in self.cells:
                return self.cells[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return None

    def add(self, code: Code, row: Row, key: str | None = None, **fields: Any) -> None:
        sheet, cell = row.at(key)
        self.issues.append(make_issue(code, file=self.file, sheet=sheet, cell=cell, **fields))


def _rows(doc: Document, sheet: Sheet | None, name: str, grid: list[tuple[Any, ...]]
          ) -> Iterator[Row]:
    header = [("" if v is None else str(v).strip()) for v in (grid[0] if grid else ())]
    keys = sheet.keys() if sheet else ["champ", "valeur"]
    kinds = {c.key: c.kind for c in sheet.columns} if sheet else {}
    for index, key in enumerate(header):
        if key and key not in keys:
            doc.issues.append(make_issue(
                Code.REF_XLSX_COLUMN, file=doc.file, sheet=name,
                cell=f"{get_column_letter(index + 1)}1", sheet_name=name, known=", ".join(keys),
                detail=f"la colonne « {key} » n'est pas une colonne de « {name} »"))
    for number, values in enumerate(grid[1:], start=2):
        row = Row(name, number, {}, {})
        for index, key in enumerate(header):
            if key not in keys:
                continue
            row.cells[key] = f"{get_column_letter(index + 1)}{number}"
            value = values[index] if index < len(values) else None
            if value is None or (isinstance(value, str) and not value.strip()
                                 and kinds.get(key, "text") not in ("text", "code")):
                continue
            _value(doc, row, key, value, kinds.get(key, "text"))
        if row.values or any(v is not None for v in values):
            yield row


class Formula(str):
    """The text of a formula cell (a text cell starting with « = » is plain text)."""


class CellError(str):
    """A spreadsheet error shown in a cell (#N/A, #DIV/0!...)."""


def _value(doc: Document, row: Row, key: str, value: Any, kind: Any) -> None:
    if isinstance(value, Formula):
        doc.add(Code.REF_XLSX_FORMULA, row, key, raw=str.__str__(value)[:60])
        return
    if isinstance(value, CellError):
        doc.add(Code.REF_XLSX_CELL_ERROR, row, key, raw=str.__str__(value)[:60])
        return
    try:
        row.values[key] = typed(value, kind)
    except ValueError as err:
        doc.add(Code.REF_XLSX_VALUE, row, key, raw=str(value)[:60], column=key,
                expected=str(err))


_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(text: str) -> str:
    """Excel's ``_xHHHH_`` escapes (control characters, and ``_x005F_`` before a literal
    « _x »), which openpyxl leaves as they are, read as the characters they stand for."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _plain(cell: Any) -> Any:
    value = getattr(cell, "value", None)
    if isinstance(value, str):
        value = _unescape(value)
    kind = getattr(cell, "data_type", None)
    if kind == "f" and value is not None:
        return Formula(str(value))
    if kind == "e" and value is not None:
        return CellError(str(value))
    return value


def _names(sheets: frozenset[Sheet | str]) -> list[str]:
    """The sheets' names, in the order of the workbook."""
    wanted = {s if isinstance(s, str) else s.name for s in sheets}
    return [n for s in _READ if (n := s if isinstance(s, str) else s.name) in wanted]


def _kind(doc: Document) -> str:
    """What the settings sheet says the référentiel is (« kind »)."""
    for row in doc.sheets.get(SETTINGS, ()):
        if str(row.values.get("champ", "")).strip() == "kind":
            return str(row.values.get("valeur", "")).strip().casefold()
    return ""


def read_authoring(path: Path) -> Document:
    """The document the workbook at ``path`` holds (see :class:`Document`)."""
    doc = Document(str(path))
    package, issues = open_package(path)
    doc.issues += [i for i in issues if i.severity.value == "erreur"]
    if package is None:
        return doc
    book = load_workbook(io.BytesIO(package.data), read_only=True, data_only=False)
    try:
        found = list(book.sheetnames)
        for sheet in _READ:
            name = sheet if isinstance(sheet, str) else sheet.name
            if name in found:
                grid = [tuple(_plain(c) for c in r) for r in book[name].iter_rows()]
                doc.sheets[name] = list(_rows(doc, None if isinstance(sheet, str) else sheet,
                                              name, grid))
        diagnostic = _kind(doc) == "diagnostic"
        doc.issues += [make_issue(Code.REF_XLSX_SHEET, file=doc.file, sheet=name,
                                  found=", ".join(found))
                       for name in _names(REQUIRED_DIAGNOSTIC if diagnostic else REQUIRED)
                       if name not in found]
        known = {README_SHEET, *_names(frozenset(_READ))}
        doc.issues += [make_issue(Code.REF_XLSX_EXTRA_SHEET, file=doc.file, sheet=name,
                                  known=", ".join(sorted(known)))
                       for name in found if name not in known]
    finally:
        book.close()
    from evalsoc.authoring.assemble import assemble  # noqa: PLC0415

    assemble(doc)
    return doc
