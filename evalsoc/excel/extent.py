"""How far a sheet's cells reach, known before the fast reader sees the file.

The fast reader (python-calamine) holds a sheet as one rectangle of 32-byte cells, from
its first filled cell to its last. One value typed at XFD1048576 beside A1 asks it for
512 GiB; the allocation fails and aborts the whole process, beyond any exception (a
value at CV1048576 "only" takes 3.3 GB). So each sheet's XML is measured first: a sheet
whose filled cells reach beyond :data:`MAX_CELLS` (counted from A1, as evalsoc reads the
grid) refuses the file (XL060) with the farthest cell named.

Measuring costs little on an ordinary sheet: one search for a cell whose address is not
"small" (column up to GZ, row up to 9 999, which bounds the rectangle below the limit).
Only a sheet where it finds one, or whose cells are written in an unusual way (no
address, another attribute first, a namespace prefix), is walked cell by cell, counting
positions as the reader does: a cell without an address follows the previous one, a
row without a number the previous row, and an empty cell (``<c .../>``) takes no room.

The ``<dimension>`` a sheet declares is only a claim, often larger than the cells (a
formatted range); the reader version used today ignores it. A claim beyond the limit
over cells within it is replaced, in the copy handed to the reader, by the cells' true
extent, so that no version of the reader can size anything by it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from evalsoc.excel.cells import column_letter

__all__ = ["MAX_CELLS", "Extent", "bounded_dimension", "measure"]

MAX_CELLS = 2_500_000  # about 80 MB in the reader; a questionnaire's sheets hold < 50,000

_P = rb"(?:[A-Za-z_][\w.-]*:)?"
_ROOT = re.compile(rb"""<(?:([A-Za-z_][\w.-]*):)?worksheet\s[^>]*?=\s*(["'])""")
_TAG = re.compile(rb"<" + _P + rb"(row|c)(?=[\s>/])([^>]*)>")
_REF = re.compile(rb"""\sr\s*=\s*["']\$?([A-Za-z]{1,3})\$?([0-9]{1,7})["']""")
_ROW_NUMBER = re.compile(rb"""\sr\s*=\s*["']([0-9]{1,7})["']""")
_DIMENSION = re.compile(rb"""<(?:[A-Za-z_][\w.-]*:)?dimension\s+ref\s*=\s*["']([^"']*)["']"""
                        rb"""\s*/>""")
_A1 = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")


@dataclass(frozen=True)
class Extent:
    rows: int  # the last filled row (1-based), 0 for a sheet without a filled cell
    cols: int  # the last filled column

    @property
    def cells(self) -> int:
        return self.rows * self.cols

    @property
    def corner(self) -> str:
        return f"{column_letter(self.cols)}{self.rows}" if self.cells else "A1"


def _column(letters: bytes | str) -> int:
    number = 0
    for char in letters.upper() if isinstance(letters, str) else letters.upper().decode():
        number = number * 26 + ord(char) - 64
    return number


@lru_cache(maxsize=16)
def _quick(prefix: bytes, quote: bytes) -> re.Pattern[bytes]:
    """A cell written otherwise than ``<c r="ADDR"`` with a small address."""
    name = re.escape(prefix + b":" if prefix else b"") + b"c"
    q = re.escape(quote)
    small = rb"r=" + q + rb"(?:[A-Z]|[A-G][A-Z])[0-9]{1,4}" + q
    return re.compile(b"<" + name + rb"(?:>| (?!" + small + rb"))")


def measure(xml: bytes, limit: int = MAX_CELLS) -> Extent | None:
    """The extent of the sheet's filled cells when it may exceed ``limit`` cells (None
    when the quick search proves it cannot)."""
    end = _cells_end(xml)
    root = _ROOT.search(xml, 0, 4096)
    if root is not None and _quick(root.group(1) or b"", root.group(2)).search(
            xml, 0, end) is None:
        return None
    return walk(xml, end)


def walk(xml: bytes, end: int | None = None) -> Extent:
    """Every row and cell tag in order, positions counted as the reader counts them."""
    row = col = rows = cols = 0
    for match in _TAG.finditer(xml, 0, len(xml) if end is None else end):
        attrs = match.group(2)
        if match.group(1) == b"row":
            number = _ROW_NUMBER.search(attrs)
            row, col = (int(number.group(1)) if number else row + 1), 0
            continue
        ref = _REF.search(attrs)
        if ref is not None:
            col, row = _column(ref.group(1)), int(ref.group(2))
        else:
            col, row = col + 1, max(row, 1)
        if not attrs.endswith(b"/"):  # <c .../> is an empty cell: it takes no room
            rows, cols = max(rows, row), max(cols, col)
    return Extent(rows, cols)


def _cells_end(xml: bytes) -> int:
    at = xml.rfind(b"sheetData>")
    return len(xml) if at < 0 else at


def bounded_dimension(xml: bytes, extent: Extent | None, limit: int = MAX_CELLS
                      ) -> bytes | None:
    """The sheet XML with a declared ``<dimension>`` beyond ``limit`` replaced by the
    cells' extent; None when the declaration is within it (or absent)."""
    found = _DIMENSION.search(xml, 0, 8192)
    if found is None:
        return None
    claimed = _claimed(found.group(1).decode("ascii", "replace"))
    if claimed is None or claimed.cells <= limit:
        return None
    actual = extent if extent is not None else walk(xml)
    ref = f"A1:{actual.corner}".encode()
    start, stop = found.span(1)
    return xml[:start] + ref + xml[stop:]


def _claimed(ref: str) -> Extent | None:
    corners = [_A1.fullmatch(part.strip()) for part in ref.split(":")]
    if not corners or any(c is None for c in corners):
        return None
    last = corners[-1]
    assert last is not None
    return Extent(int(last.group(2)), _column(last.group(1)))
