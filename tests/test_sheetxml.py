"""Formulas and error values found whatever the writer's spelling: the fast byte scan
pinned against the namespace-aware parse, on sheets spelt every way hypothesis finds.

The scan decides alone for the spellings spreadsheets write; whenever it is unsure (a
cell without its address, a prefixed attribute, a character reference, a comment or
CDATA among the cells) it hands the sheet to the parse. Either way the result must be
the parse's.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evalsoc.excel.cells import NO_MARKS, Marks, a1, scan_marks
from evalsoc.excel.sheetxml import parse_marks

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"


@dataclass(frozen=True)
class Spelling:
    prefix: str  # "" or "x"
    local_prefix: bool  # the prefix declared on each cell rather than on the root
    quote: str
    spaces: str  # around "=" in the cell's attributes
    address_last: bool
    strict: bool


@dataclass(frozen=True)
class CellSpec:
    kind: str  # "value", "formula", "shared", "error", "error_formula", "empty"
    addressed: bool
    entity_type: bool  # t="&#101;" for an error


def _name(spelling: Spelling, local: str) -> str:
    return f"{spelling.prefix}:{local}" if spelling.prefix else local


def _attr(spelling: Spelling, name: str, value: str) -> str:
    q, sp = spelling.quote, spelling.spaces
    return f" {name}{sp}={sp}{q}{value}{q}"


def _cell(spelling: Spelling, spec: CellSpec, ref: str) -> str:
    attrs = []
    if spec.kind in ("error", "error_formula"):
        attrs.append(_attr(spelling, "t", "&#101;" if spec.entity_type else "e"))
    elif spec.kind == "value":
        attrs.append(_attr(spelling, "t", "n"))
    if spec.addressed:
        address = _attr(spelling, "r", ref)
        attrs = [*attrs, address] if spelling.address_last else [address, *attrs]
    if spelling.local_prefix and spelling.prefix:
        ns = MAIN if not spelling.strict else STRICT
        attrs.append(f" xmlns:{spelling.prefix}={spelling.quote}{ns}{spelling.quote}")
    c, f, v = (_name(spelling, n) for n in ("c", "f", "v"))
    body = {
        "value": f"<{v}>3</{v}>",
        "formula": f"<{f}>SUM(A1:A3)&gt;2</{f}><{v}>1</{v}>",
        "shared": f"<{f} t={spelling.quote}shared{spelling.quote} si=\"0\"/><{v}>4</{v}>",
        "error": f"<{v}>#DIV/0!</{v}>",
        "error_formula": f"<{f}>1/0</{f}><{v}>#N/A</{v}>",
        "empty": "",
    }[spec.kind]
    return f"<{c}{''.join(attrs)}/>" if not body else f"<{c}{''.join(attrs)}>{body}</{c}>"


def sheet(spelling: Spelling, rows: list[list[CellSpec]]) -> bytes:
    """The sheet; with ``local_prefix`` the root, sheetData and rows are in the default
    namespace and each cell declares its own prefix."""
    ns = MAIN if not spelling.strict else STRICT
    q = spelling.quote
    outer = Spelling("", False, q, "", False, spelling.strict) if spelling.local_prefix \
        else spelling
    declared = f" xmlns:{outer.prefix}={q}{ns}{q}" if outer.prefix else f" xmlns={q}{ns}{q}"
    ws, data, row_tag = (_name(outer, n) for n in ("worksheet", "sheetData", "row"))
    lines = []
    for number, cells in enumerate(rows, start=2):
        xml_cells = "".join(_cell(spelling, spec, a1(number, col))
                            for col, spec in enumerate(cells, start=1))
        lines.append(f"<{row_tag} r={q}{number}{q}>{xml_cells}</{row_tag}>")
    return (f'<?xml version="1.0" encoding="UTF-8"?><{ws}{declared}><{data}>'
            + "<" + row_tag + f" r={q}1{q}/>" + "".join(lines)
            + f"</{data}><{_name(outer, 'dataValidations')}/></{ws}>").encode()


spellings = st.builds(Spelling, prefix=st.sampled_from(["", "x", "ns0"]),
                      local_prefix=st.booleans(), quote=st.sampled_from(['"', "'"]),
                      spaces=st.sampled_from(["", " ", "\n"]), address_last=st.booleans(),
                      strict=st.booleans())
# A cell type spelt as a character reference (t="&#101;") is left out: the fast reader
# refuses such a sheet before any scan (test_bad_inputs covers it, on a real file).
cells = st.builds(CellSpec, kind=st.sampled_from(
    ["value", "value", "empty", "formula", "shared", "error", "error_formula"]),
    addressed=st.booleans() | st.just(True), entity_type=st.just(False))


@settings(max_examples=300, deadline=None)
@given(spellings, st.lists(st.lists(cells, max_size=6), max_size=5))
def test_the_scan_and_the_parse_agree(spelling: Spelling, rows: list[list[CellSpec]]) -> None:
    xml = sheet(spelling, rows)
    assert scan_marks(xml) == parse_marks(xml)


def test_the_parse_places_cells_without_their_address() -> None:
    spelling = Spelling("", False, '"', "", False, False)
    rows = [[CellSpec("value", True, False), CellSpec("value", False, False),
             CellSpec("formula", False, False)],
            [CellSpec("empty", False, False), CellSpec("error", False, False)]]
    marks = scan_marks(sheet(spelling, rows))
    assert marks == Marks(formulas={"C2": "=SUM(A1:A3)>2"}, errors={"B3": "#DIV/0!"})


@pytest.mark.parametrize("typed", [
    b'<c r="D5" t = "e"><v>#N/A</v></c>',  # spaces around "="
    b"<c r='D5' t='e'><v>#N/A</v></c>",  # single quotes, root in double quotes
    b'<c r="D5" s="&#50;" t="e"><v>#N/A</v></c>',  # a reference in another attribute
    b'<y:c xmlns:y="' + MAIN.encode() + b'" r="D5" t="e"><y:v>#N/A</y:v></y:c>',
    b'<c t="e"><v>#N/A</v></c>',  # no address: counted after C5
])
def test_an_error_value_however_spelt(typed: bytes) -> None:
    xml = (b'<worksheet xmlns="' + MAIN.encode() + b'"><sheetData><row r="5">'
           b'<c r="C5"><v>1</v></c>' + typed + b"</row></sheetData></worksheet>")
    assert scan_marks(xml).errors == {"D5": "#N/A"}


@pytest.mark.parametrize("typed", [
    b'<c r="D5"><y:f xmlns:y="' + MAIN.encode() + b'">1+2</y:f><v>3</v></c>',
    b'<c r="D5"><f >1+2</f ><v>3</v></c>',
    b'<c r="D5"><f><![CDATA[1+2]]></f><v>3</v></c>',
    b"<c><f>1+2</f><v>3</v></c>",
])
def test_a_formula_however_spelt(typed: bytes) -> None:
    xml = (b'<worksheet xmlns="' + MAIN.encode() + b'"><sheetData><row r="5">'
           b'<c r="C5"><v>1</v></c>' + typed + b"</row></sheetData></worksheet>")
    assert scan_marks(xml).formulas == {"D5": "=1+2"}


def test_a_comment_is_not_a_formula() -> None:
    xml = (b'<worksheet xmlns="' + MAIN.encode() + b'"><sheetData><row r="5">'
           b'<c r="D5"><!-- <f>1+2</f> t="e" --><v>3</v></c></row></sheetData></worksheet>')
    assert scan_marks(xml) == NO_MARKS or scan_marks(xml) == Marks()


def test_an_unreadable_sheet_the_scan_cannot_place_is_refused() -> None:
    with pytest.raises(ValueError, match="illisible"):
        scan_marks(b'<worksheet><sheetData><row><c t="e"><v>#N/A</v></row></worksheet>')
