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
# with a namespace prefix (<x:c>, <x:f>, declared on the cell itself), attributes in
# another order, between single quotes, with spaces around "=", holding character
# references; cells without their address (the reader then counts them in order). The
# quick pass below decides whether a sheet may hold a formula or an error value at all,
# whatever the spelling; the scan reads the common spellings, and hands a sheet it is
# unsure of to the namespace-aware parse (:mod:`evalsoc.excel.sheetxml`).
_P = rb"(?:[A-Za-z_][\w.-]*:)?"
_CELL = re.compile(rb"<" + _P + rb"c(\s[^>]*?)?(?:/>|>(.*?)</" + _P + rb"c\s*>)", re.S)
_REF = re.compile(rb"""\sr\s*=\s*["']([A-Z]{1,3}[0-9]+)["']""")
_ERROR_TYPE = re.compile(rb"""\st\s*=\s*["']e["']""")
_FORMULA = re.compile(rb"<" + _P + rb"f(?:\s[^>]*?)?(?:/>|>(.*?)</" + _P + rb"f\s*>)", re.S)
_VALUE = re.compile(rb"<" + _P + rb"v(?:\s[^>]*?)?>(.*?)</" + _P + rb"v\s*>", re.S)
_CELLS_CLOSE = re.compile(rb"</" + _P + rb"sheetData\s*>")
# The quick pass's searches: an "f" ending a name (<f>, <x:f ...>, </f>), then an
# attribute whose value is "e" (t="e", t = 'e', x:t="e": the quotes are always there).
# The fast reader takes a cell's type as it is spelt: a type written as a character
# reference (t="&#101;") makes it refuse the whole sheet (XL009), so that the value "e"
# between quotes is the only way to an error value it reads as an empty cell.
_F_HINT = re.compile(rb"f[\s/>]")
_E_HINTS = (re.compile(rb'"e"'), re.compile(rb"'e'"))
_F_START = frozenset(b"<:")
# what the scan leaves to the parse: a prefixed attribute (x:t, x:r) or a reference in a
# cell's attributes; a comment, CDATA section or processing instruction among the cells
_UNSURE_ATTRS = re.compile(rb"[:&]")
_UNUSUAL = re.compile(rb"<[!?]")


def _cells_end(xml: bytes) -> int:
    """Where the sheet's cells end: what follows them (data validations, conditional
    formats, page setup; a third of a questionnaire's XML) holds no cell. The end of the
    XML when the closing tag is not found (nothing is left out on a doubt)."""
    at = xml.rfind(b"sheetData")  # the last one: a real closing tag comes after any cell
    close = xml.find(b">", at) if at >= 0 else -1
    if at < 0 or close < 0:
        return len(xml)
    start = xml.rfind(b"</", max(0, at - 64), at)
    if start < 0 or _CELLS_CLOSE.fullmatch(xml, start, close + 1) is None:
        return len(xml)
    return start


def _marked(xml: bytes, end: int) -> bool:
    """Whether the sheet may hold a formula or an error value at all."""
    if any(hint.search(xml, 0, end) is not None for hint in _E_HINTS):
        return True
    return any(xml[m.start() - 1] in _F_START for m in _F_HINT.finditer(xml, 1, end))


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
    if _UNUSUAL.search(xml, max(xml.find(b"sheetData"), 0), end) is not None:
        return _parsed(xml)
    formulas: dict[str, str] = {}
    errors: dict[str, str] = {}
    for match in _CELL.finditer(xml, 0, end):
        attrs, body = match.group(1) or b"", match.group(2) or b""
        found = _REF.search(attrs)
        if found is None or _UNSURE_ATTRS.search(attrs) is not None:
            return _parsed(xml)  # a cell without its address, or spelt unusually
        ref = found.group(1).decode()
        if _ERROR_TYPE.search(attrs):
            value = _VALUE.search(body)
            errors[ref] = unescape(value.group(1).decode()) if value else "#ERREUR"
        if formula := _FORMULA.search(body):
            text = unescape((formula.group(1) or b"").decode("utf-8", "replace"))
            formulas[ref] = f"={text}" if text else "formule partagée"
    if not (formulas or errors):  # a hint the scan could not place: the parse decides
        return _parsed(xml)
    return Marks(formulas, errors)


def _parsed(xml: bytes) -> Marks:
    from evalsoc.excel.sheetxml import parse_marks  # noqa: PLC0415 - it builds on this module

    return parse_marks(xml)
