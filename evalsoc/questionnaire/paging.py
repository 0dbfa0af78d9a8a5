"""Page breaks that keep a heading with what follows it.

Spreadsheets break pages wherever a page is full, which can leave a dimension or critère
heading alone at the bottom of a page. Row heights are all known (the writer sets them),
so the printed height of each row can be simulated and a manual break put before a
heading that would be orphaned. Estimates err on the safe side: a break a little early
costs a few blank lines, an orphan heading costs readability.
"""

from __future__ import annotations

import math

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["keep_headings_with_next", "pages_needed", "print_scale"]

A4 = (595.0, 842.0)  # points, portrait
MARGIN_X, MARGIN_Y = 0.4 * 72, 0.6 * 72  # as set by book.finish_sheet
DEFAULT_ROW = 15.0
SAFETY = 0.95


def _column_points(width: float) -> float:
    """Excel's rule for a 7-pixel digit (Arial 10): width * 7 + 5 pixels, 0.75 pt each."""
    return (width * 7 + 5) * 0.75


def _page(landscape: bool) -> tuple[float, float]:
    width, height = A4[::-1] if landscape else A4
    return width - 2 * MARGIN_X, (height - 2 * MARGIN_Y) * SAFETY


def print_scale(ws: Worksheet, columns: int, landscape: bool) -> float:
    """The scale "fit to one page wide" gives, as a fraction (at most 1)."""
    widths = [ws.column_dimensions[get_column_letter(c)].width or 8.43
              for c in range(1, columns + 1)]
    total = sum(_column_points(w) for w in widths)
    return min(1.0, math.floor(100 * _page(landscape)[0] / total) / 100)


def _height(ws: Worksheet, row: int) -> float:
    return ws.row_dimensions[row].height or DEFAULT_ROW


def keep_headings_with_next(ws: Worksheet, headings: set[int], first: int, columns: int,
                            repeated: int | None, landscape: bool = False) -> None:
    """Break before a heading (with the headings right after it and the first row of
    content) that would not fit at the bottom of the page."""
    page = _page(landscape)[1] / print_scale(ws, columns, landscape)
    top = _height(ws, repeated) if repeated else 0.0  # header row repeated on each page
    used = sum(_height(ws, r) for r in range(1, first))
    for row in range(first, ws.max_row + 1):
        height = _height(ws, row)
        if row in headings and (row - 1) not in headings:
            block, end = 0.0, row
            while end <= ws.max_row and (end in headings or end == row):
                block += _height(ws, end)
                end += 1
            block += _height(ws, end) if end <= ws.max_row else 0.0
            if used + block > page:
                ws.row_breaks.append(Break(id=row - 1))
                used = top
        elif used + height > page:
            used = top
        used += height


def pages_needed(rows: int, row_height: float, fixed: float, scale: float,
                 landscape: bool = True) -> int:
    """Pages for a grid of ``rows`` equal rows under ``fixed`` points of headers; a last
    page that would hold less than a third of a page is folded into the others (the
    spreadsheet then shrinks the print a little)."""
    page = _page(landscape)[1] / scale
    per_page = max(1, int((page - fixed) // row_height))
    pages = max(1, math.ceil(rows / per_page))
    if pages > 1 and rows - (pages - 1) * per_page < per_page / 3:
        pages -= 1
    return pages
