"""Every row of ../shared/BAD_INPUTS.md: the promised result, on real files.

Each test names the row it covers. Rows about re-submissions belong to the store.
"""

from __future__ import annotations

import datetime
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI_YAML
from msoffcrypto.format.ooxml import OOXMLFile
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from workbooks import answer_row, damaged, grid_column, grid_names_of, make_workbook, rezip

from evalsoc.answers.model import AnswerStatus
from evalsoc.excel import layout, package
from evalsoc.excel.annotate import SHEET, annotate
from evalsoc.excel.workbook import Resolved, WorkbookRead, read_workbook
from evalsoc.referentiel.loader import load_text
from evalsoc.referentiel.model import Referentiel
from evalsoc.scoring import AbsentReason, score


@pytest.fixture
def root(mini_root: Path) -> Path:
    return mini_root


@pytest.fixture
def good(tmp_path: Path, mini: Referentiel) -> Path:
    return make_workbook(tmp_path / "bon.xlsx", mini)


def read(path: Path, root: Path) -> WorkbookRead:
    return read_workbook(path, root)


def codes(result: WorkbookRead) -> list[str]:
    return [i.code for i in result.issues]


def value(result: WorkbookRead, question: str, respondent: str = "structure") -> object:
    assert result.answers is not None
    for answer in result.answers.answers:
        if answer.question == question and answer.respondent == respondent:
            return answer.value if answer.status is AnswerStatus.ANSWERED else answer.status
    return None


def edit_cell(key: str, new: Any) -> Callable[[Workbook], None]:
    def change(book: Workbook) -> None:
        sheet = book[layout.QUESTIONNAIRE_SHEET]
        sheet.cell(answer_row(sheet, key), layout.ANSWER_COL).value = new
    return change


def test_the_good_workbook_reads_cleanly(good: Path, root: Path) -> None:
    result = read(good, root)
    assert result.valid, [i.render() for i in result.issues]
    assert value(result, "etp") == 3.5
    assert value(result, "actions") == ("tarifs", "ateliers")
    assert value(result, "rencontres", "benevoles-001") == "4"
    assert result.answers is not None and result.answers.structure.name == "Le Hangar à Sons"


def test_empty_file(tmp_path: Path, root: Path) -> None:
    path = tmp_path / "vide.xlsx"
    path.write_bytes(b"")
    result = read(path, root)
    assert codes(result) == ["XL001"] and "vide" in result.issues[0].message
    assert result.issues[0].file == str(path)


def test_truncated_upload(good: Path, tmp_path: Path, root: Path) -> None:
    path = tmp_path / "coupe.xlsx"
    path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    result = read(path, root)
    assert codes(result) == ["XL002"] and "Renvoyez-le" in result.issues[0].message


def test_damaged_part_inside_the_archive(good: Path, tmp_path: Path, root: Path) -> None:
    path = tmp_path / "abime.xlsx"
    path.write_bytes(damaged(good.read_bytes(), "xl/worksheets/sheet3.xml"))
    result = read(path, root)
    assert codes(result) == ["XL002"] and "Renvoyez-le" in result.issues[0].message


@pytest.mark.parametrize(("content", "said"), [
    (b"\x00\x13\xff\x8a" * 500, "format inconnu"),
    (b"nom;budget\nLa Grange;12 000\n", "CSV"),
    (b"<!DOCTYPE html><html><body>Erreur 404</body></html>", "page web"),
    (b"%PDF-1.7\n...", "PDF"),
])
def test_not_a_workbook_says_what_it_is(content: bytes, said: str, tmp_path: Path,
                                        root: Path) -> None:
    path = tmp_path / "faux.xlsx"
    path.write_bytes(content)
    result = read(path, root)
    assert codes(result) == ["XL003"] and said in result.issues[0].message


def test_legacy_xls_renamed(tmp_path: Path, root: Path) -> None:
    path = tmp_path / "ancien.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4000 + "Workbook".encode(
        "utf-16-le"))
    result = read(path, root)
    assert codes(result) == ["XL004"] and ".xls" in result.issues[0].message
    assert "Enregistrer sous" in result.issues[0].message


def test_ods_renamed(tmp_path: Path, root: Path) -> None:
    path = tmp_path / "calc.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    result = read(path, root)
    assert codes(result) == ["XL004"] and ".ods" in result.issues[0].message


def test_password_protected(good: Path, tmp_path: Path, root: Path) -> None:

    path = tmp_path / "secret.xlsx"
    with good.open("rb") as source, path.open("wb") as target:
        OOXMLFile(source).encrypt("motdepasse", target)
    result = read(path, root)
    assert codes(result) == ["XL005"] and "mot de passe" in result.issues[0].message


def test_macros_are_never_run_values_are_read(good: Path, tmp_path: Path, root: Path) -> None:
    path = rezip(good, tmp_path / "macros.xlsm", lambda _, data: data,
                 {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 fake vba"})
    result = read(path, root)
    assert result.valid and codes(result) == ["XL006"]
    assert value(result, "etp") == 3.5


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/styles.xml",
                                  "xl/worksheets/sheet3.xml"])
def test_xml_entities_are_refused(good: Path, tmp_path: Path, root: Path, part: str) -> None:
    bomb = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>')

    def change(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        return bomb + data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else bomb + data

    result = read(rezip(good, tmp_path / "entites.xlsx", change), root)
    assert "XL007" in codes(result) and not result.valid
    assert part in result.issues[0].message


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-16"])
def test_xml_entities_are_refused_in_utf16_parts(good: Path, tmp_path: Path, root: Path,
                                                  encoding: str) -> None:
    declared = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "aa">]>'
                '<x>&a;</x>').encode(encoding)
    result = read(rezip(good, tmp_path / "utf16.xlsx", lambda _, d: d,
                        {"xl/custom.xml": declared}), root)
    assert codes(result) == ["XL007"] and "xl/custom.xml" in result.issues[0].message


def test_zip_bomb_is_refused_before_parsing(good: Path, tmp_path: Path, root: Path) -> None:
    huge = b"<row/>" * (12 * 1024 * 1024 // 6)
    path = rezip(good, tmp_path / "bombe.xlsx", lambda _, d: d, {"xl/worksheets/big.xml": huge})
    assert path.stat().st_size < 1024 * 1024
    result = read(path, root)
    assert codes(result) == ["XL008"] and "décompresse" in result.issues[0].message


def test_formatted_empty_rows_are_not_walked(tmp_path: Path, mini: Referentiel,
                                             root: Path) -> None:

    def style_rows(book: Workbook) -> None:
        sheet = book[layout.QUESTIONNAIRE_SHEET]
        for row in range(200, 30_000):
            sheet.cell(row, 4).fill = PatternFill("solid", fgColor="FFFF00")

    result = read(make_workbook(tmp_path / "lignes.xlsx", mini, edit=style_rows), root)
    assert result.valid, [i.render() for i in result.issues]


def test_data_far_below_is_capped_and_said(tmp_path: Path, mini: Referentiel,
                                           root: Path) -> None:
    def far(book: Workbook) -> None:
        book[layout.QUESTIONNAIRE_SHEET].cell(layout.MAX_ROWS + 500, 2).value = "bruit"

    result = read(make_workbook(tmp_path / "loin.xlsx", mini, edit=far), root)
    assert "XL015" in codes(result) and result.valid


def test_malformed_sheet_xml(good: Path, tmp_path: Path, root: Path) -> None:
    def change(name: str, data: bytes) -> bytes:
        return data[: len(data) // 2] if name == "xl/worksheets/sheet3.xml" else data

    result = read(rezip(good, tmp_path / "casse.xlsx", change), root)
    assert not result.valid
    assert {"XL009", "XL016"} & set(codes(result))


def test_questionnaire_sheet_renamed(tmp_path: Path, mini: Referentiel, root: Path) -> None:
    def rename(book: Workbook) -> None:
        book[layout.QUESTIONNAIRE_SHEET].title = "Mes réponses"

    result = read(make_workbook(tmp_path / "renomme.xlsx", mini, edit=rename), root)
    [issue] = [i for i in result.issues if i.code == "XL010"]
    assert "« Questionnaire »" in issue.message and "Mes réponses" in issue.message
    assert not result.valid


def test_rows_moved_inserted_deleted(tmp_path: Path, mini: Referentiel, root: Path) -> None:
    def shuffle(book: Workbook) -> None:
        sheet = book[layout.QUESTIONNAIRE_SHEET]
        sheet.insert_rows(5, 3)
        sheet.delete_rows(answer_row(sheet, "convention"))
        etp = answer_row(sheet, "etp")
        sheet.move_range(f"A{etp}:F{etp}", rows=40)

    result = read(make_workbook(tmp_path / "bouge.xlsx", mini, edit=shuffle), root)
    assert value(result, "etp") == 3.5
    missing = [i for i in result.issues if i.code == "XL023"]
    assert [i.question for i in missing] == ["convention"]


def test_each_layout_read_at_its_own_rows(tmp_path: Path, mini: Referentiel,
                                          root: Path) -> None:
    """A batch reads each workbook at its own rows: how a layout is read is worked out
    once and kept, and a workbook laid out otherwise gets its own."""
    def move(book: Workbook) -> None:
        sheet = book[layout.QUESTIONNAIRE_SHEET]
        etp = answer_row(sheet, "etp")
        sheet.move_range(f"A{etp}:F{etp}", rows=40)
        sheet.cell(etp + 40, layout.ANSWER_COL, 7)

    resolved: Resolved = {}
    plain = make_workbook(tmp_path / "droit.xlsx", mini)
    moved = make_workbook(tmp_path / "bouge.xlsx", mini, edit=move)
    reads = [read_workbook(path, root, resolved) for path in (plain, moved, plain, moved)]
    assert [value(r, "etp") for r in reads] == [3.5, 7.0, 3.5, 7.0]
    cells = [a.source.cell for r in reads if r.answers for a in r.answers.answers
             if a.question == "etp" and a.source]
    assert len(cells) == 4 and cells[0] == cells[2] != cells[1] == cells[3]


def test_multiple_choice_marks_read_alike_every_time(tmp_path: Path, mini: Referentiel,
                                                     root: Path) -> None:
    """Marks met once are not worked out again, yet each workbook's answer names its own
    cell, and a mark that is not one is reported every time it is met."""
    def odd_mark(book: Workbook) -> None:
        sheet = book[layout.QUESTIONNAIRE_SHEET]
        sheet.cell(answer_row(sheet, "actions:navettes"), layout.ANSWER_COL, "peut-être")

    def moved(book: Workbook) -> None:
        sheet = book[layout.QUESTIONNAIRE_SHEET]
        sheet.insert_rows(5, 2)

    resolved: Resolved = {}
    plain = make_workbook(tmp_path / "x.xlsx", mini)
    shifted = make_workbook(tmp_path / "decale.xlsx", mini, edit=moved)
    odd = make_workbook(tmp_path / "bizarre.xlsx", mini, edit=odd_mark)
    reads = [read_workbook(p, root, resolved) for p in (plain, shifted, odd, plain, odd)]
    chosen = [[a for a in r.answers.answers if a.question == "actions"]
              for r in reads if r.answers]
    assert [[a.value for a in c] for c in chosen] == [[("tarifs", "ateliers")]] * 2 + [[]] \
        + [[("tarifs", "ateliers")]] + [[]]
    cells = [c[0].source.cell for c in chosen if c and c[0].source]
    assert cells[0] == cells[2] != cells[1]
    marks = [[i.cell for i in r.issues if i.code == "XL026"] for r in reads]
    assert marks[2] == marks[4] and len(marks[2]) == 1 and not any(marks[:2] + marks[3:4])


def test_grid_respondents_named_by_their_number_else_by_their_row(
        tmp_path: Path, mini: Referentiel, root: Path) -> None:
    """A grid respondent is named by the whole number in column A; a number met twice, a
    text, a yes/no or a decimal name it by its row instead, in every workbook alike."""
    grid_name = grid_names_of(mini)["benevoles"]
    numbers: list[Any] = [True, 1, 1, "abc", 1.5, 7.0]  # True == 1 as a dict key
    rows = [{"rencontres": "Plutôt d'accord", "accueil": "Plutôt d'accord"}] * len(numbers)

    def number(book: Workbook) -> None:
        for index, value in enumerate(numbers):
            book[grid_name].cell(layout.GRID_FIRST_ROW + index, 1, value)

    first = layout.GRID_FIRST_ROW
    expected = [f"benevoles-L{first}", "benevoles-001",
                *(f"benevoles-L{first + i}" for i in range(2, 5)), "benevoles-007"]
    path = make_workbook(tmp_path / "numeros.xlsx", mini, grids={"benevoles": rows},
                         edit=number)
    resolved: Resolved = {}
    for _ in range(2):  # the names are remembered from one workbook to the next
        read = read_workbook(path, root, resolved)
        assert read.answers is not None
        assert [r.id for r in read.answers.respondents if r.group == "benevoles"] == expected


def test_duplicated_row_is_an_error(tmp_path: Path, mini: Referentiel, root: Path) -> None:
    def duplicate(book: Workbook) -> None:
        sheet = book[layout.QUESTIONNAIRE_SHEET]
        row = answer_row(sheet, "etp")
        sheet.cell(sheet.max_row + 2, 1).value = "etp"
        sheet.cell(sheet.max_row, 4).value = 9
        assert row

    result = read(make_workbook(tmp_path / "double.xlsx", mini, edit=duplicate), root)
    assert "XL024" in codes(result) and value(result, "etp") == 3.5


def test_other_referentiel_or_version(tmp_path: Path, mini: Referentiel, root: Path) -> None:
    path = make_workbook(tmp_path / "autre.xlsx", mini)

    def meta(key: str, new: str) -> Callable[[Workbook], None]:
        def change(book: Workbook) -> None:
            sheet = book[layout.META_SHEET]
            for row in sheet.iter_rows():
                if row[0].value == key:
                    row[1].value = new
        return change

    other = read(make_workbook(tmp_path / "v2.xlsx", mini,
                               edit=meta("referentiel_version", "2.0.0")), root)
    assert codes(other) == ["XL012"] and "mini@2.0.0" in other.issues[0].message
    changed_path = make_workbook(tmp_path / "h.xlsx", mini,
                                 edit=meta("referentiel_hash", "0" * 64))
    changed = read(changed_path, root)
    assert codes(changed) == ["XL013"]
    assert read(path, root).valid
    # in a batch the référentiel found for one workbook serves the next ones, never one
    # with another hash or version
    resolved: Resolved = {}
    first, again = (read_workbook(path, root, resolved) for _ in range(2))
    assert first.valid and again.referentiel is first.referentiel and len(resolved) == 1
    assert codes(read_workbook(changed_path, root, resolved)) == ["XL013"]
    assert codes(read_workbook(tmp_path / "v2.xlsx", root, resolved)) == ["XL012"]


def test_copied_from_another_structure(tmp_path: Path, mini: Referentiel, root: Path) -> None:
    def retype(book: Workbook) -> None:
        sheet = book[layout.IDENT_SHEET]
        for row in sheet.iter_rows():
            if row[0].value == "structure_id":
                row[layout.IDENT_VALUE_COL - 1].value = "S2"

    result = read(make_workbook(tmp_path / "copie.xlsx", mini, edit=retype), root)
    assert "XL014" in codes(result) and not result.valid  # never scored nor stored
    [issue] = [i for i in result.issues if i.code == "XL014"]
    assert "« S1 »" in issue.message and "« S2 »" in issue.message


@pytest.mark.parametrize("kept", [True, False])
def test_formula_in_answer_cell(tmp_path: Path, mini: Referentiel, root: Path, kept: bool,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    if not kept:  # a sheet part too big to be kept once checked is read again: same result
        monkeypatch.setattr(package, "_KEPT_PART_BYTES", 0)
    result = read(make_workbook(tmp_path / "f.xlsx", mini, edit=edit_cell("etp", "=1+2")),
                  root)
    [issue] = [i for i in result.issues if i.code == "XL020"]
    assert issue.sheet == layout.QUESTIONNAIRE_SHEET and issue.cell and issue.raw == "=1+2"
    assert value(result, "etp") is None and not result.valid


def test_excel_error_value(tmp_path: Path, mini: Referentiel, root: Path) -> None:
    result = read(make_workbook(tmp_path / "e.xlsx", mini,
                                edit=edit_cell("etp", "#DIV/0!")), root)
    [issue] = [i for i in result.issues if i.code == "XL021"]
    assert issue.raw == "#DIV/0!" and issue.cell


def _prefixed(data: bytes) -> bytes:
    """Every element with a namespace prefix (``<x:c>``, ``<x:f>``), as some SDK-built
    files write it; spreadsheets read it the same."""
    data = data.replace(b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"',
                        b'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"')
    return re.sub(rb"<(/?)([a-zA-Z]+)([ >/])", rb"<\1x:\2\3", data)


def _reordered(data: bytes) -> bytes:
    """The cell's address after its other attributes (``<c s="3" t="e" r="D6">``)."""
    return re.sub(rb'<c r="([A-Z]+[0-9]+)"([^>]*?)(/?)>', rb'<c\2 r="\1"\3>', data)


def _single_quoted(data: bytes) -> bytes:
    """Attributes between single quotes (``<c r='D6' t='e'>``)."""
    return re.sub(rb'(\s[\w:]+)="([^"<>]*)"', rb"\1='\2'", data)


def _unaddressed(data: bytes) -> bytes:
    """Cells that follow the previous one of their row do not say their address
    (``<c s="3">``): readers count them along the row, as such writers mean."""
    last = [0]

    def drop(match: re.Match[bytes]) -> bytes:
        column = 0
        for letter in match.group(1):
            column = column * 26 + letter - 64
        follows, last[0] = column == last[0] + 1, column
        return b"<c" if follows else match.group(0)

    rows = re.split(rb"(<row[ >])", data)
    out = []
    for part in rows:
        last[0] = 0
        out.append(re.sub(rb'<c r="([A-Z]+)[0-9]+"', drop, part))
    return b"".join(out)


def _spaced(data: bytes) -> bytes:
    """Spaces around every "=" of the cells' attributes (``<c r = "D6" t = "e">``)."""
    return re.sub(rb'(<c[^>]*>)', lambda m: m.group(1).replace(b"=", b" = "), data)


def _cell_prefixed(data: bytes) -> bytes:
    """Each cell declares a prefix of its own (``<y:c xmlns:y="...">``), the root none."""
    main = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    data = re.sub(rb"<c([ >/])", b'<y:c xmlns:y="' + main + rb'"\1', data)
    data = data.replace(b"</c>", b"</y:c>")
    return re.sub(rb"<(/?)(f|v|is|t)([ >/])", rb"<\1y:\2\3", data)


@pytest.mark.parametrize("spelling", [_prefixed, _reordered, _single_quoted, _unaddressed,
                                      _spaced, _cell_prefixed])
@pytest.mark.parametrize(("typed", "code"), [("=1+2", "XL020"), ("#DIV/0!", "XL021")])
def test_formula_or_error_in_sheet_xml_spelt_otherwise(
        tmp_path: Path, mini: Referentiel, root: Path, typed: str, code: str,
        spelling: Callable[[bytes], bytes]) -> None:
    """The questionnaire's sheet XML as other writers spell it: the formula or error is
    found at its own cell, and every other answer is read as written."""
    source = make_workbook(tmp_path / "s.xlsx", mini, edit=edit_cell("etp", typed))
    plain = read(source, root)
    respelt = rezip(source, tmp_path / "x.xlsx", lambda name, data: spelling(data)
                    if name == "xl/worksheets/sheet3.xml" else data)
    result = read(respelt, root)
    [expected] = [i for i in plain.issues if i.code == code]
    [issue] = [i for i in result.issues if i.code == code]
    assert (issue.raw, issue.sheet, issue.cell) == (typed, expected.sheet, expected.cell)
    assert value(result, "etp") is None and not result.valid
    assert result.answers is not None and plain.answers is not None
    assert [(a.question, a.respondent, a.value, a.raw, a.source.cell if a.source else None)
            for a in result.answers.answers] == [
        (a.question, a.respondent, a.value, a.raw, a.source.cell if a.source else None)
        for a in plain.answers.answers]


def test_error_type_as_a_character_reference_is_refused(tmp_path: Path, mini: Referentiel,
                                                        root: Path) -> None:
    """``t="&#101;"`` is an error value to an XML parser; the fast reader refuses the
    sheet: the workbook is refused, naming the sheet, and nothing of it is read."""
    source = make_workbook(tmp_path / "s.xlsx", mini, edit=edit_cell("etp", "#DIV/0!"))
    result = read(rezip(source, tmp_path / "x.xlsx", lambda name, data: data.replace(
        b't="e"', b't="&#101;"') if name == "xl/worksheets/sheet3.xml" else data), root)
    assert "XL009" in codes(result) and not result.valid
    assert value(result, "etp") is None and value(result, "verbatim") is None


@pytest.mark.parametrize(("typed", "expected"), [
    ("3,5", 3.5), ("1\u00a0000", 1000.0), ("12 €", 12.0), (" 7 ", 7.0)])
def test_numbers_typed_as_text(tmp_path: Path, mini: Referentiel, root: Path, typed: str,
                               expected: float) -> None:
    key = "etp" if expected < 500 else "budget"
    result = read(make_workbook(tmp_path / "n.xlsx", mini, edit=edit_cell(key, typed)), root)
    assert value(result, key) == expected
    answer = next(a for a in result.answers.answers if a.question == key)  # type: ignore[union-attr]
    assert answer.raw == typed


def test_unparsable_number_names_cell_and_value(tmp_path: Path, mini: Referentiel,
                                                root: Path) -> None:
    result = read(make_workbook(tmp_path / "n.xlsx", mini, edit=edit_cell("etp", "trois")),
                  root)
    [issue] = [i for i in result.issues if i.code == "ANS008"]
    assert issue.sheet == layout.QUESTIONNAIRE_SHEET and issue.cell and issue.raw == "trois"
    assert issue.file == str(tmp_path / "n.xlsx") and issue.file_sha256


@pytest.mark.parametrize(("typed", "expected"), [("Oui ", "oui"), ("OUI", "oui"), ("X", "oui"),
                                                 (1, "oui"), ("non", "non")])
def test_yes_no_variants(tmp_path: Path, mini: Referentiel, root: Path, typed: object,
                         expected: str) -> None:
    result = read(make_workbook(tmp_path / "o.xlsx", mini, edit=edit_cell("convention", typed)),
                  root)
    assert value(result, "convention") == expected


def test_value_outside_the_list(tmp_path: Path, mini: Referentiel, root: Path) -> None:
    result = read(make_workbook(tmp_path / "o.xlsx", mini,
                                edit=edit_cell("convention", "peut-être")), root)
    [issue] = [i for i in result.issues if i.code == "ANS007"]
    assert "Oui" in issue.message and issue.cell


def test_scale_label_or_code_and_spaces(tmp_path: Path, mini: Referentiel, root: Path) -> None:
    rows: list[dict[str, Any]] = [{"rencontres": " Plutôt d'accord ", "accueil": 4},
                                  {"rencontres": "1"},
            {"rencontres": "non concerné"}]
    result = read(make_workbook(tmp_path / "s.xlsx", mini, grids={"benevoles": rows}), root)
    assert value(result, "rencontres", "benevoles-001") == "3"
    assert value(result, "accueil", "benevoles-001") == "4"
    assert value(result, "rencontres", "benevoles-002") == "1"
    assert value(result, "rencontres", "benevoles-003") is AnswerStatus.NON_CONCERNE


def test_percent_rule(tmp_path: Path, root: Path) -> None:
    text = MINI_YAML.replace("{id: etp, label: ETP permanents, type: number, min: 0, max: 500}",
                             "{id: etp, label: Part d'emplois permanents, type: percent}")
    (root / "mini" / "1.0.0.yaml").write_text(text, encoding="utf-8")

    ref = load_text(text, "mini/1.0.0.yaml").referentiel
    assert ref is not None
    for typed, expected, warned in ((0.35, 35.0, False), (35, 35.0, True),
                                    ("35 %", 35.0, False), (350, None, False)):
        result = read(make_workbook(tmp_path / "p.xlsx", ref, edit=edit_cell("etp", typed)),
                      root)
        assert value(result, "etp") == expected, typed
        assert ("XL025" in codes(result)) is warned


def test_dates_day_first(tmp_path: Path, root: Path) -> None:

    text = MINI_YAML.replace("{id: etp, label: ETP permanents, type: number, min: 0, max: 500}",
                             "{id: etp, label: Date de l'AG, type: date}")
    (root / "mini" / "1.0.0.yaml").write_text(text, encoding="utf-8")

    ref = load_text(text, "mini/1.0.0.yaml").referentiel
    assert ref is not None
    for typed, expected in (("01/02/2024", "2024-02-01"), (45322, "2024-01-31"),
                            (datetime.date(2024, 3, 5), "2024-03-05"), ("02/13/2024", None)):
        result = read(make_workbook(tmp_path / "d.xlsx", ref, edit=edit_cell("etp", typed)),
                      root)
        assert value(result, "etp") == expected, typed
    assert "ANS010" in codes(result)


def test_merged_cells_over_answers(tmp_path: Path, mini: Referentiel, root: Path) -> None:
    def merge(book: Workbook) -> None:

        sheet = book[grid_names_of(mini)["benevoles"]]
        col = grid_column(sheet, "rencontres")
        sheet.merge_cells(start_row=layout.GRID_FIRST_ROW, start_column=col,
                          end_row=layout.GRID_FIRST_ROW + 1, end_column=col)

    result = read(make_workbook(tmp_path / "m.xlsx", mini, edit=merge), root)
    assert "XL022" in codes(result)
    assert value(result, "rencontres", "benevoles-001") == "4"


def test_very_long_text_is_an_issue_not_truncated(tmp_path: Path, mini: Referentiel,
                                                  root: Path) -> None:
    # openpyxl itself cuts at 32,767 characters, so the longer text is put in the XML
    cut = "mot " * 8191 + "mot"
    path = make_workbook(tmp_path / "t.xlsx", mini, edit=edit_cell("verbatim", cut))
    longer = rezip(path, tmp_path / "long.xlsx",
                   lambda _, data: data.replace(cut.encode(), ("mot " * 9000).encode()))
    result = read(longer, root)
    [issue] = [i for i in result.issues if i.code == "ANS013"]
    assert "35\u202f999 caractères" in issue.message and issue.cell
    assert value(result, "verbatim") is None


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","clic")', "+cmd|' /C calc'!A0",
                                  "@SUM(A1)", "\tTab", "<script>alert(1)</script>",
                                  '<a href="javascript:alert(1)">x</a>'])
def test_risky_text_is_stored_verbatim(tmp_path: Path, mini: Referentiel, root: Path,
                                       text: str) -> None:
    def write_as_text(book: Workbook) -> None:
        sheet = book[layout.QUESTIONNAIRE_SHEET]
        cell = sheet.cell(answer_row(sheet, "verbatim"), layout.ANSWER_COL)
        cell.value = text
        cell.data_type = "s"

    result = read(make_workbook(tmp_path / "r.xlsx", mini, edit=write_as_text), root)
    assert value(result, "verbatim") == text


def test_empty_row_in_a_grid_is_skipped_and_counted(tmp_path: Path, mini: Referentiel,
                                                    root: Path) -> None:
    rows = [{"rencontres": 4, "accueil": 3}, {}, {}, {"rencontres": 2, "accueil": 2},
            {"rencontres": 3, "accueil": 3}]
    result = read(make_workbook(tmp_path / "g.xlsx", mini, grids={"benevoles": rows}), root)
    [issue] = [i for i in result.issues if i.code == "XL028"]
    assert "2 ligne(s)" in issue.message
    assert result.answers is not None
    assert sum(1 for r in result.answers.respondents if r.group == "benevoles") == 3


def test_fewer_respondents_than_the_minimum(tmp_path: Path, mini: Referentiel,
                                            root: Path) -> None:

    rows = [{"rencontres": 4, "accueil": 3}, {"rencontres": 2, "accueil": 2}]
    result = read(make_workbook(tmp_path / "peu.xlsx", mini, grids={"benevoles": rows}), root)
    assert result.valid and result.answers is not None
    node = score(mini, result.answers).find("SOC.1.1")
    assert node is not None and node.absent is AbsentReason.TOO_FEW
    assert "2 réponse(s) exploitable(s)" in node.reason and "3 au minimum" in node.reason


def test_inputs_are_never_modified(good: Path, tmp_path: Path, root: Path) -> None:
    before = good.read_bytes()
    copy = tmp_path / "copie-bon.xlsx"
    shutil.copy(good, copy)
    read(copy, root)
    assert copy.read_bytes() == before


def test_annotated_copy_highlights_and_comments(tmp_path: Path, mini: Referentiel,
                                                root: Path) -> None:


    path = make_workbook(tmp_path / "a.xlsx", mini, edit=edit_cell("etp", "trois"))
    before = path.read_bytes()
    result = read(path, root)
    target = annotate(path, result.issues, tmp_path / "annotes")
    assert target is not None and path.read_bytes() == before
    book = load_workbook(target)
    assert book.sheetnames[0] == SHEET
    issue = next(i for i in result.issues if i.code == "ANS008")
    cell = book[issue.sheet][issue.cell]  # type: ignore[index]
    assert isinstance(cell.comment, Comment) and "ANS008" in cell.comment.text
