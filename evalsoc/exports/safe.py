"""Tables written so that respondent text stays text, and files appear whole or not at all.

A cell starting with = + - @ or a tab/carriage return would become a live formula in a
spreadsheet: in XLSX such strings are stored with the string type; in CSV they get a
leading apostrophe, the convention spreadsheets read as "this is text".
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from evalsoc.files import atomic_write

__all__ = ["DANGEROUS", "atomic_write", "csv_safe", "write_csv", "write_json", "write_xlsx"]

DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n")
_HEADER = PatternFill("solid", fgColor="DDE6F0")


def csv_safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(DANGEROUS):
        return "'" + value
    return value


def write_csv(path: Path, frame: pd.DataFrame) -> None:
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(csv_safe)
    text = safe.to_csv(index=False, sep=";", decimal=",")
    atomic_write(path, ("\ufeff" + text).encode("utf-8"))  # BOM: Excel reads UTF-8 right


def write_json(path: Path, data: Any) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
    atomic_write(path, text.encode("utf-8"))


def write_xlsx(path: Path, sheets: Mapping[str, pd.DataFrame]) -> None:
    """One sheet per table, header styled and frozen; every string written as text.

    Streams rows (openpyxl's write-only mode): a campaign's tables have tens of thousands
    of rows."""
    book = Workbook(write_only=True)
    book.properties.creator = "evalsoc"
    for name, frame in sheets.items():
        sheet = book.create_sheet(name[:31])
        sheet.freeze_panes = "A2"
        for index, column in enumerate(frame.columns, start=1):
            sample = [len(str(v)) for v in frame[column].head(200)]
            width = max([len(str(column)), *sample])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 8), 60) + 2
        sheet.append([_header(sheet, str(c)) for c in frame.columns])
        for row in frame.itertuples(index=False, name=None):
            sheet.append([_cell(sheet, v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    atomic_write(path, buffer.getvalue())


def _header(sheet: Any, text: str) -> Any:
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = Font(bold=True)
    cell.fill = _HEADER
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _cell(sheet: Any, value: Any) -> Any:
    plain = _plain(value)
    if not isinstance(plain, str):
        return plain
    cell = WriteOnlyCell(sheet, value=plain)
    cell.data_type = "s"  # never a formula, whatever it starts with
    return cell


def _plain(value: Any) -> Any:
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        return value.item()  # numpy scalars to Python numbers
    return value
