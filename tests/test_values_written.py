"""Issue 14, item 5: what a person wrote reaches the result, and nothing else does.

Each test writes a whole workbook, spoils one thing, then checks both sides: the spoilt
thing gives its located issue, and every other answer is read exactly as written (the
value, the raw text and the cell of every answer compared with those of the unspoilt
workbook, and the raw text with what was typed).
"""

from __future__ import annotations

import io
import json
import math
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from workbooks import ANSWERS, BENEVOLES, answer_row, grid_column, grid_names_of, make_workbook

from evalsoc.answers.model import AnswerSet, AnswerStatus
from evalsoc.batch.answer_file import score_answer_file
from evalsoc.excel import layout
from evalsoc.excel.workbook import WorkbookRead, read_workbook
from evalsoc.referentiel.model import Referentiel
from evalsoc.support.text import BLANKS, is_blank

Row = tuple[str, str, object, str | None, str | None]


@pytest.fixture
def root(mini_root: Path) -> Path:
    return mini_root


def rows_of(result: WorkbookRead) -> dict[tuple[str, str], Row]:
    assert result.answers is not None
    return {(a.question, a.respondent): (a.question, a.respondent, a.value, a.raw,
                                         a.source.cell if a.source else None)
            for a in result.answers.answers}


def written_raws() -> dict[tuple[str, str], str]:
    """What the tests' workbooks have typed, answer by answer, as text."""
    typed = {(k, "structure"): str(v) for k, v in ANSWERS.items() if ":" not in k}
    typed[("actions", "structure")] = "tarifs=X; ateliers=X"
    for number, row in enumerate(BENEVOLES, start=1):
        typed |= {(k, f"benevoles-{number:03d}"): str(v) for k, v in row.items()}
    return typed


def assert_nothing_else_changed(spoilt: WorkbookRead, plain: WorkbookRead,
                                touched: set[tuple[str, str]]) -> None:
    """Every answer but the ``touched`` ones read as in the unspoilt workbook, and each
    one's raw text is what was typed."""
    before, after = rows_of(plain), rows_of(spoilt)
    assert {k: v for k, v in after.items() if k not in touched} == {
        k: v for k, v in before.items() if k not in touched}
    raws = {k: v[3] for k, v in after.items() if k not in touched}
    typed = written_raws()
    assert raws == {k: typed[k] for k in raws}
    assert set(raws) == set(typed) - touched


def edit_cell(key: str, new: Any) -> Callable[[Workbook], None]:
    def change(book: Workbook) -> None:
        sheet = book[layout.QUESTIONNAIRE_SHEET]
        sheet.cell(answer_row(sheet, key), layout.ANSWER_COL).value = new
    return change


@pytest.mark.parametrize("typed", ["nan", "NaN", "inf", "-inf", "Infinity", "1e999",
                                   " NAN ", "nan %"])
def test_not_a_finite_number_is_refused_at_its_cell(tmp_path: Path, mini: Referentiel,
                                                    root: Path, typed: str) -> None:
    plain = read_workbook(make_workbook(tmp_path / "plain.xlsx", mini), root)
    spoilt = read_workbook(make_workbook(tmp_path / "nan.xlsx", mini,
                                         edit=edit_cell("etp", typed)), root)
    [issue] = [i for i in spoilt.issues if i.code == "ANS008"]
    [etp] = [a for a in plain.answers.answers if a.question == "etp"]  # type: ignore[union-attr]
    assert (issue.sheet, issue.cell, issue.raw, issue.question) == (
        layout.QUESTIONNAIRE_SHEET, etp.source.cell if etp.source else None, typed, "etp")
    assert not spoilt.valid
    assert_nothing_else_changed(spoilt, plain, {("etp", "structure")})


def test_a_nan_number_cell_in_the_xml_is_refused(tmp_path: Path, mini: Referentiel,
                                                root: Path) -> None:
    """A cell whose stored number is NaN (no spreadsheet writes one; a crafted file can)."""
    path = make_workbook(tmp_path / "plain.xlsx", mini)
    plain = read_workbook(path, root)
    data = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(data, "w") as dst:
        for info in src.infolist():
            part = src.read(info)
            if info.filename == "xl/worksheets/sheet3.xml":
                assert part.count(b"<v>3.5</v>") == 1
                part = part.replace(b"<v>3.5</v>", b"<v>NaN</v>")
            dst.writestr(info, part)
    (tmp_path / "nan.xlsx").write_bytes(data.getvalue())
    spoilt = read_workbook(tmp_path / "nan.xlsx", root)
    [issue] = [i for i in spoilt.issues if i.code == "ANS008"]
    assert issue.question == "etp" and issue.cell and issue.raw == "nan"
    assert_nothing_else_changed(spoilt, plain, {("etp", "structure")})


@pytest.mark.parametrize("value", ["nan", "inf", "NaN"])
def test_not_a_finite_number_in_json_answers(tmp_path: Path, mini_root: Path,
                                             monkeypatch: pytest.MonkeyPatch,
                                             value: str) -> None:
    monkeypatch.setenv("EVALSOC_REFERENTIELS", str(mini_root))
    for given in (value, f"__{value}__"):  # a text, then a JSON number literal
        text = json.dumps({"referentiel": "mini@1.0.0", "structure": {"id": "S"},
                           "answers": [{"question": "etp", "value": given},
                                       {"question": "convention", "value": "oui"},
                                       {"question": "budget", "value": 100},
                                       {"question": "actions", "value": ["tarifs"]}]})
        text = text.replace(f'"__{value}__"', {"nan": "NaN", "NaN": "NaN",
                                               "inf": "Infinity"}[value])
        path = tmp_path / "r.json"
        path.write_text(text, encoding="utf-8")
        outcome = score_answer_file(path)
        assert [i.code for i in outcome.issues if i.severity.value == "erreur"] == ["ANS008"]
        assert outcome.result is None


@pytest.mark.parametrize("spaces", [" ", "\u00a0", "\u202f\t", "\u200b", "\ufeff \n"])
def test_a_grid_row_of_spaces_is_an_empty_row(tmp_path: Path, mini: Referentiel,
                                              root: Path, spaces: str) -> None:
    plain = read_workbook(make_workbook(tmp_path / "plain.xlsx", mini), root)
    blank = {"rencontres": spaces, "accueil": spaces}
    spoilt = read_workbook(make_workbook(tmp_path / "g.xlsx", mini, grids={"benevoles": [
        *BENEVOLES[:2], blank, BENEVOLES[2]]}), root)
    assert spoilt.answers is not None
    groups = [r.group for r in spoilt.answers.respondents]
    assert groups.count("benevoles") == 3  # the row of spaces is nobody
    [issue] = [i for i in spoilt.issues if i.code == "XL028"]
    assert "1 ligne(s)" in issue.message
    # the third respondent is the one on the row after the blank one
    moved = {k: v for k, v in rows_of(spoilt).items() if k[1] == "benevoles-004"}
    assert {(q, v[2]) for (q, _), v in moved.items()} == {
        (q, v[2]) for (q, r), v in rows_of(plain).items() if r == "benevoles-003"}
    assert_nothing_else_changed(spoilt, plain, {(q, "benevoles-003")
                                                for q in ("rencontres", "accueil")}
                                | {(q, "benevoles-004") for q in ("rencontres", "accueil")})


def test_trailing_rows_of_spaces_are_not_respondents(tmp_path: Path, mini: Referentiel,
                                                     root: Path) -> None:
    rows = [*BENEVOLES, {"rencontres": "  "}, {"accueil": "\u00a0"}]
    result = read_workbook(make_workbook(tmp_path / "g.xlsx", mini,
                                         grids={"benevoles": rows}), root)
    assert result.answers is not None
    assert [r.group for r in result.answers.respondents].count("benevoles") == 3
    assert "XL028" not in [i.code for i in result.issues]


def test_an_answer_of_spaces_is_no_answer(tmp_path: Path, mini: Referentiel,
                                          root: Path) -> None:
    plain = read_workbook(make_workbook(tmp_path / "plain.xlsx", mini), root)
    spoilt = read_workbook(make_workbook(tmp_path / "s.xlsx", mini,
                                         edit=edit_cell("verbatim", "\u200b \u00a0")), root)
    assert ("verbatim", "structure") not in rows_of(spoilt)
    assert_nothing_else_changed(spoilt, plain, {("verbatim", "structure")})


def test_blanks_are_every_white_space_and_the_invisible_ones() -> None:
    spaces = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())
    assert set(spaces) <= set(BLANKS)
    assert is_blank(spaces + "\u200b\u200c\u200d\u2060\ufeff") and not is_blank(" x ")


def _meta(change: Callable[[Any], None]) -> Callable[[Workbook], None]:
    def edit(book: Workbook) -> None:
        change(book[layout.META_SHEET])
    return edit


def _set_hash(text: str | None) -> Callable[[Any], None]:
    def change(sheet: Any) -> None:
        for row in sheet.iter_rows():
            if row[0].value == "referentiel_hash":
                if text is None:
                    row[0].value = row[1].value = None
                else:
                    row[1].value = text
    return change


@pytest.mark.parametrize("fingerprint", ["", "   ", "\u200b", None])
def test_a_blank_or_missing_fingerprint_is_an_error(tmp_path: Path, mini: Referentiel,
                                                    root: Path, fingerprint: str | None) -> None:
    path = make_workbook(tmp_path / "f.xlsx", mini, edit=_meta(_set_hash(fingerprint)))
    result = read_workbook(path, root)
    assert [i.code for i in result.issues] == ["XL018"]
    assert "mini@1.0.0" in result.issues[0].message and not result.valid
    assert result.answers is None


def _with_member(path: Path, target: Path, name: str, data: bytes) -> Path:
    out = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        with pytest.warns(UserWarning, match="Duplicate name") if name in src.namelist() \
                else _nothing():
            dst.writestr(name, data)
    target.write_bytes(out.getvalue())
    return target


class _nothing:  # noqa: N801 - a stand-in context manager, named as the one it replaces
    def __enter__(self) -> None:
        return None

    def __exit__(self, *_: object) -> None:
        return None


@pytest.mark.parametrize("name", ["xl/worksheets/sheet3.xml", "xl/Worksheets/Sheet3.xml",
                                  "xl/workbook.xml"])
def test_duplicate_zip_members_are_refused(tmp_path: Path, mini: Referentiel, root: Path,
                                           name: str) -> None:
    path = make_workbook(tmp_path / "d.xlsx", mini)
    with zipfile.ZipFile(path) as archive:
        data = archive.read(name if name in archive.namelist() else name.lower())
    twice = _with_member(path, tmp_path / "twice.xlsx", name,
                         data.replace(b"Oui", b"Non"))
    result = read_workbook(twice, root)
    assert [i.code for i in result.issues] == ["XL017"]
    assert name in result.issues[0].message and result.answers is None


def test_every_answer_of_a_clean_workbook_is_what_was_typed(tmp_path: Path,
                                                            mini: Referentiel,
                                                            root: Path) -> None:
    result = read_workbook(make_workbook(tmp_path / "ok.xlsx", mini), root)
    assert result.valid
    assert {k: v[3] for k, v in rows_of(result).items()} == written_raws()
    answers: AnswerSet = result.answers  # type: ignore[assignment]
    assert all(a.status is AnswerStatus.ANSWERED for a in answers.answers)
    assert not any(isinstance(a.value, float) and not math.isfinite(a.value)
                   for a in answers.answers)


@pytest.mark.parametrize("column", ["rencontres", "accueil"])
def test_a_grid_cell_of_spaces_beside_an_answer_is_no_answer(
        tmp_path: Path, mini: Referentiel, root: Path, column: str) -> None:
    def spaces(book: Workbook) -> None:
        sheet = book[grid_names_of(mini)["benevoles"]]
        sheet.cell(layout.GRID_FIRST_ROW, grid_column(sheet, column)).value = " \u00a0"

    plain = read_workbook(make_workbook(tmp_path / "plain.xlsx", mini), root)
    spoilt = read_workbook(make_workbook(tmp_path / "g.xlsx", mini, edit=spaces), root)
    assert (column, "benevoles-001") not in rows_of(spoilt)
    assert_nothing_else_changed(spoilt, plain, {(column, "benevoles-001")})
