"""One cell of an authoring workbook read as the value its column holds (text, number,
integer, yes/no, list, code), or the reason why not."""

from __future__ import annotations

from typing import Any

from evalsoc.authoring.layout import Kind

__all__ = ["typed"]

_TRUE = frozenset({"oui", "vrai", "true", "yes", "1", "x"})
_FALSE = frozenset({"non", "faux", "false", "no", "0"})
_EXPECTED = {"number": "un nombre", "integer": "un nombre entier",
             "boolean": "oui ou non (true ou false)"}


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, str) else str(value)


def _number(value: Any) -> float | int:
    if isinstance(value, bool):
        raise ValueError(_EXPECTED["number"])
    if isinstance(value, (int, float)):
        return value
    cleaned = str(value).strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    try:
        return float(cleaned.replace(",", "."))
    except ValueError as err:
        raise ValueError(_EXPECTED["number"]) from err


def _integer(value: Any) -> int:
    number = _number(value)
    if isinstance(number, float) and not number.is_integer():
        raise ValueError(_EXPECTED["integer"])
    return int(number)


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).strip().casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(_EXPECTED["boolean"])


def typed(value: Any, kind: Kind) -> Any:
    """The cell's value for a column of ``kind`` (ValueError when it cannot be)."""
    if kind == "number":
        return _number(value)
    if kind == "integer":
        return _integer(value)
    if kind == "boolean":
        return _boolean(value)
    if kind == "list":
        return [part.strip() for part in _text(value).split(",") if part.strip()]
    return _text(value)
