"""A copy of a workbook with its problem cells highlighted and commented.

The original is read as bytes and never opened for writing; the copy goes to another
place (never an input: :mod:`evalsoc.support.outputs`), written atomically, with the original's
name and extension. Issues without a cell are listed on a first sheet.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill

from evalsoc.issues import Issue, Severity
from evalsoc.support.files import atomic_write, read_regular

__all__ = ["SHEET", "annotate"]

SHEET = "Problèmes evalsoc"
_FILL = {Severity.ERROR: PatternFill("solid", fgColor="F4A582"),
         Severity.WARNING: PatternFill("solid", fgColor="FDDBC7")}


def annotate(source: Path, issues: Sequence[Issue], folder: Path,
             target: Path | None = None) -> Path | None:
    """Write the annotated copy at ``target`` (by default the source's name in
    ``folder``; the caller checks it is not an input, see :mod:`evalsoc.support.outputs`); None
    when the file is not a workbook openpyxl can open. A ``.xlsm`` stays a ``.xlsm``
    with its macros (never run): Excel refuses a macro-enabled name on a plain
    workbook."""
    target = folder / source.name if target is None else target
    data = read_regular(source)
    macros = source.suffix.lower() == ".xlsm"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unsupported extensions are dropped from the copy
            book = load_workbook(io.BytesIO(data), keep_vba=macros)
    except Exception:  # unreadable files are reported, not annotated
        return None
    # errors last, so that a cell with both shows the error's colour
    for issue in sorted(issues, key=lambda i: i.severity is Severity.ERROR):
        if issue.sheet in book.sheetnames and issue.cell:
            cell = book[issue.sheet][issue.cell]
            cell.fill = _FILL[issue.severity]
            text = f"[{issue.code}] {issue.message}"
            if cell.comment is not None:
                text = f"{cell.comment.text}\n\n{text}"
            cell.comment = Comment(text, "evalsoc", width=320, height=160)
    _summary(book, issues)
    buffer = io.BytesIO()
    book.save(buffer)
    atomic_write(target, buffer.getvalue())
    return target


def _summary(book: object, issues: Sequence[Issue]) -> None:
    sheet = book.create_sheet(SHEET, 0)  # type: ignore[attr-defined]
    sheet.append(["Gravité", "Onglet", "Cellule", "Question", "Valeur saisie", "Problème"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for issue in issues:
        sheet.append([issue.severity.value, issue.sheet, issue.cell, issue.question,
                      issue.raw, f"[{issue.code}] {issue.message}"])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in zip("ABCDEF", (14, 18, 9, 24, 24, 90), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    book.active = 0  # type: ignore[attr-defined]
