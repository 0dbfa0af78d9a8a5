"""Formulas and error values read from a sheet's XML by a real (namespace-aware) parse.

The byte scan of :mod:`evalsoc.excel.cells` reads the spellings spreadsheets write; a
sheet it is unsure of (a cell without its address, an attribute with a namespace prefix
or a character reference) is parsed here instead, with defusedxml. Elements are known by
their local name whatever their prefix (and in the strict OOXML namespace as in the
usual one); a cell without its address is placed after the previous cell of its row,
a row without its number after the previous row, as spreadsheets and the fast reader do.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from evalsoc.excel.cells import Marks, a1

__all__ = ["parse_marks"]

_ADDRESS = re.compile(r"\s*([A-Za-z]{1,3})([0-9]+)\s*")


def _local(name: str) -> str:
    """``{namespace}c`` -> ``c``."""
    return name.rpartition("}")[2]


def _attribute(element: Element, name: str) -> str | None:
    """The attribute of that local name, with or without a namespace."""
    value = element.get(name)
    if value is not None:
        return value
    return next((v for k, v in element.attrib.items() if _local(k) == name), None)


def _column(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _local(child.tag) == name]


def parse_marks(xml: bytes) -> Marks:
    """The cells of ``xml`` holding a formula or an error value (ValueError when the
    XML cannot be parsed)."""
    try:
        root = ElementTree.fromstring(xml)
    except (ElementTree.ParseError, DefusedXmlException) as err:
        raise ValueError(f"XML de la feuille illisible : {err}") from err
    formulas: dict[str, str] = {}
    errors: dict[str, str] = {}
    for data in (e for e in root.iter() if _local(e.tag) == "sheetData"):
        row_number = 0
        for row in _children(data, "row"):
            given = (_attribute(row, "r") or "").strip()
            row_number = int(given) if given.isdigit() else row_number + 1
            column = 0
            for cell in _children(row, "c"):
                address = _ADDRESS.fullmatch(_attribute(cell, "r") or "")
                at_row = row_number
                if address is not None:
                    column, at_row = _column(address.group(1)), int(address.group(2))
                else:
                    column += 1
                _mark(cell, a1(at_row, column), formulas, errors)
    return Marks(formulas, errors)


def _mark(cell: Element, ref: str, formulas: dict[str, str],
          errors: dict[str, str]) -> None:
    if (_attribute(cell, "t") or "") == "e":
        value = _children(cell, "v")
        errors[ref] = (value[0].text or "#ERREUR") if value else "#ERREUR"
    formula = _children(cell, "f")
    if formula:
        text = formula[0].text or ""
        formulas[ref] = f"={text}" if text else "formule partagée"
