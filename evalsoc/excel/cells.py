"""Cell addresses, and what the fast reader does not tell: formulas and error values."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape

__all__ = ["LETTERS", "Marks", "a1", "column_letter", "scan_marks"]

# element names may carry a namespace prefix (<x:c>, <x:f>): some SDK-built files do that
_P = rb"(?:[A-Za-z_][\w.-]*:)?"
_CELL = re.compile(rb"<" + _P + rb"c(\s[^>]*?)?(?:/>|>(.*?)</" + _P + rb"c>)", re.S)
_REF = re.compile(rb'\sr="([A-Z]{1,3}[0-9]+)"')  # wherever it stands among the attributes
_FORMULA = re.compile(rb"<" + _P + rb"f[^>]*?(?:/>|>(.*?)</" + _P + rb"f>)", re.S)
_VALUE = re.compile(rb"<" + _P + rb"v>(.*?)</" + _P + rb"v>", re.S)
_ROOT_PREFIX = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?worksheet[\s>]")
_ANY_ERROR = re.compile(rb't="e"')  # sre's literal search beats bytes.find on XML here


@lru_cache(maxsize=16)
def _any_formula(prefix: bytes) -> re.Pattern[bytes]:
    """A literal search for the formula element as this sheet spells it (not <formula1>
    of data validations)."""
    return re.compile(b"<" + re.escape(prefix + b":" if prefix else b"") + rb"f[ >/]")


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
    formulas: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def scan_marks(xml: bytes) -> Marks:
    """Cells holding a formula (with its text) or an error value (#DIV/0!, #N/A...)."""
    root = _ROOT_PREFIX.search(xml, 0, 4096)
    prefix = (root.group(1) or b"") if root else b""
    if not _any_formula(prefix).search(xml) and not _ANY_ERROR.search(xml):
        return Marks()
    formulas: dict[str, str] = {}
    errors: dict[str, str] = {}
    for match in _CELL.finditer(xml):
        attrs, body = match.group(1) or b"", match.group(2) or b""
        if (found := _REF.search(attrs)) is None:
            continue
        ref = found.group(1).decode()
        if b't="e"' in attrs:
            value = _VALUE.search(body)
            errors[ref] = unescape(value.group(1).decode()) if value else "#ERREUR"
        if formula := _FORMULA.search(body):
            text = unescape((formula.group(1) or b"").decode("utf-8", "replace"))
            formulas[ref] = f"={text}" if text else "formule partagée"
    return Marks(formulas, errors)
