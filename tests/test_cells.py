"""Formulas and error values found in sheet XML however a writer spells it."""

from __future__ import annotations

import pytest

from evalsoc.excel.cells import Marks, scan_marks

_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _sheet(cells: bytes, head: bytes = b"", ns: bytes = _NS) -> bytes:
    return (b'<?xml version="1.0"?>' + head + b"<worksheet " + ns + b"><sheetData><row r=\"2\">"
            + cells + b"</row></sheetData></worksheet>")


def test_plain_values_have_no_marks() -> None:
    xml = _sheet(b'<c r="B2" t="n"><v>3</v></c><c r="C2" s="1"/>'
                 b'<dataValidation><formula1>"Oui,Non"</formula1></dataValidation>')
    assert scan_marks(xml) == Marks()


def test_formula_and_error_with_their_text() -> None:
    xml = _sheet(b'<c r="B2"><f>SUM(A1:A3)&gt;2</f><v>1</v></c>'
                 b'<c r="C2" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
                 b'<c r="D2"><f t="shared" si="0"/><v>4</v></c>')
    marks = scan_marks(xml)
    assert marks.formulas == {"B2": "=SUM(A1:A3)>2", "C2": "=1/0", "D2": "formule partagée"}
    assert marks.errors == {"C2": "#DIV/0!"}
    assert scan_marks(_sheet(b'<c r="E2"><f\n>A1</f><v>0</v></c>')).formulas == {"E2": "=A1"}
    assert marks.errors == {"C2": "#DIV/0!"}


@pytest.mark.parametrize("head", [b"", b"<!--" + b" " * 5000 + b"-->"])
def test_single_quotes_and_a_root_far_down(head: bytes) -> None:
    """Beyond the first 4 KB, the root cannot say how the sheet is spelt: the slower
    general search is used."""
    xml = _sheet(b"<c t='e' r='B2'><v>#N/A</v></c>", head, _NS.replace(b'"', b"'"))
    marks = scan_marks(xml)
    assert marks.errors == {"B2": "#N/A"}


def test_only_the_cells_are_scanned_unless_their_end_is_in_doubt() -> None:
    """What follows </sheetData> holds no cell and is not searched; a sheet whose cells
    are not closed (or closed in a way not recognised) is searched whole."""
    cells = b'<c r="B2" t="e"><v>#REF!</v></c>'
    after = b'<extLst><c r="Z9"><f>1</f></c></extLst>'
    closed = _sheet(cells).replace(b"</worksheet>", after + b"</worksheet>")
    assert scan_marks(closed) == Marks(errors={"B2": "#REF!"})
    prefixed = closed.replace(b"sheetData>", b"x:sheetData>")
    assert scan_marks(prefixed) == Marks(errors={"B2": "#REF!"})
    truncated = closed.replace(b"</sheetData>", b"")
    assert scan_marks(truncated) == Marks(formulas={"Z9": "=1"}, errors={"B2": "#REF!"})
    spaced = closed.replace(b"</sheetData>", b"</sheetData >")  # a closing tag too
    assert scan_marks(spaced) == Marks(errors={"B2": "#REF!"})
    unclosed = closed.replace(b"</sheetData>", b"</sheetData")
    assert scan_marks(unclosed).formulas == {"Z9": "=1"}
