"""Cell addresses, and what the fast reader does not tell: formulas and error values."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape
from types import MappingProxyType

__all__ = ["LETTERS", "NO_MARKS", "Marks", "a1", "column_letter", "scan_marks"]

# Other writers than Excel and LibreOffice spell the same XML differently: element names
# with a namespace prefix (<x:c>, <x:f>), attributes in another order or between single
# quotes. The scan below reads them all; its first, quick pass searches the literal
# spelling the sheet's root element announces.
_P = rb"(?:[A-Za-z_][\w.-]*:)?"
_CELL = re.compile(rb"<" + _P + rb"c(\s[^>]*?)?(?:/>|>(.*?)</" + _P + rb"c>)", re.S)
_REF = re.compile(rb"""\sr\s*=\s*["']([A-Z]{1,3}[0-9]+)["']""")
_ERROR_TYPE = re.compile(rb"""\st\s*=\s*["']e["']""")
_FORMULA = re.compile(rb"<" + _P + rb"f[^>]*?(?:/>|>(.*?)</" + _P + rb"f>)", re.S)
_VALUE = re.compile(rb"<" + _P + rb"v>(.*?)</" + _P + rb"v>", re.S)
_ROOT = re.compile(rb"""<(?:([A-Za-z_][\w.-]*):)?worksheet\s[^>]*?=\s*(["'])""")
_CELLS_CLOSE = re.compile(rb"</" + _P + rb"sheetData>")
_ANY_MARK = re.compile(rb"<" + _P + rb"f[\s>/]|" + _ERROR_TYPE.pattern)  # when no root


@lru_cache(maxsize=16)
def _quick(prefix: bytes, quote: bytes) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    """Literal searches (sre's beat bytes.find on XML) for the formula element, not the
    <formula1> of data validations, and for the error type, as the sheet spells them."""
    name = re.escape(prefix + b":" if prefix else b"")
    return (re.compile(b"<" + name + rb"f[\s>/]"),
            re.compile(b"t=" + re.escape(quote) + b"e" + re.escape(quote)))


def _cells_end(xml: bytes) -> int:
    """Where the sheet's cells end: what follows them (data validations, conditional
    formats, page setup; a third of a questionnaire's XML) holds no cell. The end of the
    XML when the closing tag is not found (nothing is left out on a doubt)."""
    at = xml.rfind(b"sheetData>")  # the last one: a real closing tag comes after any cell
    if at < 0:
        return len(xml)
    start = xml.rfind(b"</", max(0, at - 64), at)
    if start < 0 or _CELLS_CLOSE.fullmatch(xml, start, at + len(b"sheetData>")) is None:
        return len(xml)
    return start


def _marked(xml: bytes, end: int) -> bool:
    """Whether the sheet may hold a formula or an error value at all."""
    root = _ROOT.search(xml, 0, 4096)
    if root is None:
        return _ANY_MARK.search(xml, 0, end) is not None
    formula, error = _quick(root.group(1) or b"", root.group(2))
    return formula.search(xml, 0, end) is not None or error.search(xml, 0, end) is not None


@lru_cache(maxsize=1024)
def column_letter(col: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# LETTERS[col] for col 1..702 (A..ZZ): the reader's hot loops index it instead of calling
LETTERS = ("", *(column_letter(col) for col in range(1, 703)))


def a1(row: int, col: int) -> str:
    """1-based row and column to an A1 address."""
    return f"{LETTERS[col] if col < 703 else column_letter(col)}{row}"


@dataclass(frozen=True)
class Marks:
    """Cell (A1) -> formula text, cell -> error value (read only)."""

    formulas: Mapping[str, str] = field(default_factory=dict)
    errors: Mapping[str, str] = field(default_factory=dict)


NO_MARKS = Marks(MappingProxyType({}), MappingProxyType({}))  # most sheets: shared


def scan_marks(xml: bytes) -> Marks:
    """Cells holding a formula (with its text) or an error value (#DIV/0!, #N/A...)."""
    end = _cells_end(xml)
    if not _marked(xml, end):
        return NO_MARKS
    formulas: dict[str, str] = {}
    errors: dict[str, str] = {}
    for match in _CELL.finditer(xml, 0, end):
        attrs, body = match.group(1) or b"", match.group(2) or b""
        if (found := _REF.search(attrs)) is None:
            continue
        ref = found.group(1).decode()
        if _ERROR_TYPE.search(attrs):
            value = _VALUE.search(body)
            errors[ref] = unescape(value.group(1).decode()) if value else "#ERREUR"
        if formula := _FORMULA.search(body):
            text = unescape((formula.group(1) or b"").decode("utf-8", "replace"))
            formulas[ref] = f"={text}" if text else "formule partagée"
    return Marks(formulas, errors)
