"""Reading a workbook's cells fast (python-calamine), keeping every cell's position.

Values come from calamine; formulas, error values and merged ranges, which matter for
trust, come from the sheet XML (:mod:`evalsoc.excel.cells`) and calamine's merge list.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

import python_calamine as calamine

from evalsoc.catalogue import Code
from evalsoc.excel.cells import NO_MARKS, Marks, scan_marks
from evalsoc.excel.layout import MAX_COLS, MAX_ROWS, META_SHEET
from evalsoc.excel.package import Package
from evalsoc.issues import Issue, make_issue
from evalsoc.support.text import BLANKS

__all__ = ["RawWorkbook", "Sheet", "open_raw"]

Cell = Any  # float | int | str | bool | date | datetime | time | timedelta | None
Range = tuple[tuple[int, int], tuple[int, int]]


@dataclass
class Sheet:
    """A sheet's values as a grid from A1, 1-based accessors, capped at MAX_ROWS rows."""

    name: str
    rows: list[list[Cell]]
    height: int
    merged: list[Range]
    marks: Marks

    def value(self, row: int, col: int) -> Cell:
        if row > len(self.rows):
            return None
        cells = self.rows[row - 1]
        return cells[col - 1] if col <= len(cells) else None


@dataclass
class RawWorkbook:
    package: Package
    book: Any
    names: list[str]
    meta: dict[str, str] = field(default_factory=dict)
    _sheets: dict[str, Sheet] = field(default_factory=dict)

    @property
    def file(self) -> str:
        return self.package.file

    def where(self) -> dict[str, str]:
        return {"file": self.package.file, "file_sha256": self.package.sha256[:12]}

    def sheet(self, name: str) -> Sheet:
        """The sheet's grid (KeyError if absent; calamine errors propagate as ValueError)."""
        if name not in self._sheets:
            if name not in self.names:
                raise KeyError(name)
            self._sheets[name] = self._load(name)
        return self._sheets[name]

    def _load(self, name: str) -> Sheet:
        try:
            raw = self.book.get_sheet_by_name(name)
            rows = raw.to_python(skip_empty_area=False, nrows=MAX_ROWS)
            height, merged = raw.height, list(raw.merged_cell_ranges or [])
            if max(map(len, rows), default=0) > MAX_COLS:
                rows = [r[:MAX_COLS] for r in rows]
        except calamine.CalamineError as err:
            raise ValueError(str(err)) from err
        part = self.package.sheet_parts.get(name)
        try:
            marks = scan_marks(self.package.part(part)) if part else NO_MARKS
        except (zipfile.BadZipFile, KeyError) as err:
            raise ValueError(str(err)) from err
        return Sheet(name, rows, height, merged, marks)


def open_raw(package: Package) -> tuple[RawWorkbook | None, list[Issue]]:
    """The workbook with its metadata read, or the issue explaining why it cannot be."""
    where = {"file": package.file, "file_sha256": package.sha256[:12]}
    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(package.for_reader()))
        names = list(book.sheet_names)
    except calamine.PasswordError:
        return None, [make_issue(Code.XL_PASSWORD, **where)]
    except (calamine.CalamineError, ValueError, OSError) as err:
        return None, [make_issue(Code.XL_UNREADABLE, detail=str(err)[:160], **where)]
    raw = RawWorkbook(package, book, names)
    found = ", ".join(n for n in names if not n.startswith("_")) or "aucun"
    if META_SHEET not in names:
        return None, [make_issue(Code.XL_NO_METADATA, found=found, **where)]
    try:
        meta_sheet = raw.sheet(META_SHEET)
    except ValueError as err:
        return None, [make_issue(Code.XL_MALFORMED, part=META_SHEET, detail=str(err)[:120],
                                 **where)]
    raw.meta = {str(r[0]).strip(): _text(r[1]) for r in meta_sheet.rows
                if len(r) > 1 and r[0] not in (None, "")}
    if not raw.meta.get("referentiel"):
        return None, [make_issue(Code.XL_NO_METADATA, found=found, **where)]
    return raw, []


def _text(value: Cell) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip(BLANKS)
