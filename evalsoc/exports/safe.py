"""Tables written so that respondent text stays text, and files appear whole or not at all.

A cell starting with = + - @ or a tab/carriage return would become a live formula in a
spreadsheet: in XLSX such strings are stored with the string type; in CSV they get a
leading apostrophe, the convention spreadsheets read as "this is text".
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

__all__ = ["DANGEROUS", "atomic_write", "csv_safe", "write_csv", "write_json", "write_xlsx"]

DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n")
_HEADER = PatternFill("solid", fgColor="DDE6F0")


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, fsync, then rename over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are shared files
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def csv_safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(DANGEROUS):
        return "'" + value
    return value


def write_csv(path: Path, frame: pd.DataFrame) -> None:
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object:
            safe[column] = safe[column].map(csv_safe)
    text = safe.to_csv(index=False, sep=";", decimal=",")
    atomic_write(path, ("\ufeff" + text).encode("utf-8"))  # BOM: Excel reads UTF-8 right


def write_json(path: Path, data: Any) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
    atomic_write(path, text.encode("utf-8"))


def write_xlsx(path: Path, sheets: Mapping[str, pd.DataFrame]) -> None:
    """One sheet per table, header styled and frozen; every string written as text."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    book.properties.creator = "evalsoc"
    for name, frame in sheets.items():
        sheet = book.create_sheet(name[:31])
        sheet.append([str(c) for c in frame.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = _HEADER
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in frame.itertuples(index=False):
            sheet.append([_plain(v) for v in row])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula, whatever it starts with
        sheet.freeze_panes = "A2"
        for index, column in enumerate(frame.columns, start=1):
            width = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200)])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 8), 60) + 2
    buffer = io.BytesIO()
    book.save(buffer)
    atomic_write(path, buffer.getvalue())


def _plain(value: Any) -> Any:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value
