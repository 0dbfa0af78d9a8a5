"""Tables written so that respondent text stays text, and files appear whole or not at all.

A cell starting with = + - @ or a tab/carriage return would become a live formula in a
spreadsheet: in XLSX such strings are stored with the string type; in CSV they get a
leading apostrophe, the convention spreadsheets read as "this is text". In XLSX, control
characters are stored as Excel's _xHHHH_ escapes (Excel and LibreOffice show the
character; openpyxl reads the escape as it is).
"""

from __future__ import annotations

import io
import json
import math
import numbers
import tempfile
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter

from evalsoc.support.files import atomic_write

__all__ = ["DANGEROUS", "atomic_write", "csv_safe", "write_csv", "write_json", "write_xlsx"]

DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n")
_HEADER = "#DDE6F0"
_MAX_TEXT = 32_767  # characters (UTF-16 code units) a cell can hold
_OPTIONS = {
    "constant_memory": True,
    # write() would turn such strings into formulas, links or numbers; only write_string
    # is called, and these stay off in case that changes
    "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
    "remove_timezone": True,  # a sheet has no time zones: the wall-clock time is written
}
_TIMES = ((datetime, "yyyy-mm-dd hh:mm:ss"), (date, "yyyy-mm-dd"), (time, "hh:mm:ss"),
          (timedelta, "[h]:mm:ss"))  # datetime before date: it is one


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

    XlsxWriter in constant-memory mode: each row goes to a temporary file as soon as it
    is complete (a campaign's tables have tens of thousands of rows); the workbook is
    then assembled in memory and written whole."""
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="evalsoc-xlsx-") as tmp, \
            xlsxwriter.Workbook(buffer, {**_OPTIONS, "tmpdir": tmp}) as book:
        book.set_properties({"author": "evalsoc"})
        header = book.add_format({"bold": True, "bg_color": _HEADER, "text_wrap": True,
                                  "valign": "top"})
        times = [(kind, book.add_format({"num_format": shown})) for kind, shown in _TIMES]
        for name, frame in sheets.items():
            sheet = book.add_worksheet(name[:31])
            sheet.freeze_panes(1, 0)
            # column by column to Python values (fast from any storage, Arrow strings
            # included), then row by row: XlsxWriter writes rows in order
            columns = [frame.iloc[:, index].tolist() for index in range(frame.shape[1])]
            for index, (column, cells) in enumerate(zip(frame.columns, columns, strict=True)):
                width = max([len(str(column)), *(len(str(v)) for v in cells[:200])])
                sheet.set_column(index, index, min(max(width, 8), 60) + 2)
                _text(sheet, 0, index, str(column), header)
            for row, values in enumerate(zip(*columns, strict=True), start=1):
                for col, value in enumerate(values):
                    _cell(sheet, row, col, value, times)
    atomic_write(path, buffer.getvalue())


def _cell(sheet: Any, row: int, col: int, value: Any, times: Sequence[tuple[type, Any]]) -> None:
    kind = type(value)  # the common exact types first: this runs for every cell
    if kind is str:
        _text(sheet, row, col, value)
    elif kind is float or kind is int:
        _number(sheet, row, col, value)
    elif value is not None:
        _other(sheet, row, col, value, times)


def _number(sheet: Any, row: int, col: int, value: numbers.Real | Decimal) -> None:
    if math.isnan(value):  # a missing number: an empty cell
        return
    if math.isfinite(value):
        sheet.write_number(row, col, value)
    else:  # a sheet has no infinite numbers: "inf" / "-inf" as text, as in CSV
        _text(sheet, row, col, str(value))


def _other(sheet: Any, row: int, col: int, value: Any,
           times: Sequence[tuple[type, Any]]) -> None:
    plain = _plain(value)
    if plain is None:
        return
    if isinstance(plain, str):
        _text(sheet, row, col, str.__str__(plain))  # an enum member by its value
    elif isinstance(plain, bool):
        sheet.write_boolean(row, col, plain)
    elif isinstance(plain, (numbers.Real, Decimal)):
        _number(sheet, row, col, plain)
    elif isinstance(plain, (date, time, timedelta)):
        sheet.write_datetime(row, col, plain, next(f for k, f in times if isinstance(plain, k)))
    else:
        _text(sheet, row, col, str(plain))


def _text(sheet: Any, row: int, col: int, text: str, style: Any = None) -> None:
    if len(text) > _MAX_TEXT // 2:  # cut here rather than let XlsxWriter warn or drop it
        text = text.encode("utf-16-le")[:2 * _MAX_TEXT].decode("utf-16-le", "ignore")
    if text.startswith("<r>") and text.endswith("</r>"):
        # XlsxWriter takes such a string for rich-text XML of its own and writes it
        # unescaped: markup, even a formula cell, could be slipped into the sheet. As a
        # rich string of plain runs it is escaped like any text (control characters in
        # it, escaped twice, then show as their _xHHHH_ codes).
        sheet.write_rich_string(row, col, text[0], text[1], text[2:], *([style] if style else []))
    else:
        sheet.write_string(row, col, text, style)


def _plain(value: Any) -> Any:
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        return value.item()  # numpy scalars to Python numbers
    return value
