"""Questionnaire workbooks: structure, contract with the reader, protection, registry CSV,
safe file names, and the ``evalsoc questionnaire`` command.

The layout contract is :mod:`evalsoc.excel.layout`; every assertion on a position goes
through its constants.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import MINI_YAML
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from evalsoc.answers.model import StructureInfo
from evalsoc.catalogue import Code
from evalsoc.cli.main import cli
from evalsoc.excel import layout
from evalsoc.excel.workbook import read_workbook
from evalsoc.questionnaire.generate import generate_questionnaires, plan_questionnaires
from evalsoc.questionnaire.grids import grid_rows
from evalsoc.questionnaire.writer import (
    build_individual_workbook,
    build_workbook,
    grid_groups,
    write_workbook,
)
from evalsoc.referentiel.fingerprint import canonical_hash
from evalsoc.referentiel.model import OptionMeaning, QuestionType, Referentiel
from evalsoc.referentiel.registry import resolve
from evalsoc.structures.registry import read_structures, safe_path, structure_stem

GRANGE = StructureInfo(id="S014", name="La Grange aux sons", departement="14",
                       commune="Vire", consentement="anonyme")


@pytest.fixture(scope="module")
def ardes() -> Referentiel:
    return resolve("ardes-culture@1.0.0")[1]


@pytest.fixture(params=["ardes", "mini"])
def any_ref(request: pytest.FixtureRequest, ardes: Referentiel, mini: Referentiel
            ) -> Referentiel:
    return ardes if request.param == "ardes" else mini


def _saved(wb: Workbook, tmp_path: Path, name: str = "q.xlsx") -> Workbook:
    path = tmp_path / name
    write_workbook(wb, path)
    return load_workbook(path)


def _meta(wb: Workbook) -> dict[str, str]:
    ws = wb[layout.META_SHEET]
    return {str(r[0]): str(r[1] or "") for r in ws.iter_rows(values_only=True) if r[0]}


def _ids(ws: Worksheet) -> list[tuple[str, int]]:
    """(id, row) of column A from the first question row."""
    return [(str(c.value), c.row) for c in ws["A"][layout.FIRST_ROW - 1:] if c.value]


def _validation(ws: Worksheet, coordinate: str) -> DataValidation | None:
    return next((dv for dv in ws.data_validations.dataValidation if coordinate in dv.sqref),
                None)


def _formula(ws: Worksheet, coordinate: str) -> str:
    validation = _validation(ws, coordinate)
    assert validation is not None and validation.formula1 is not None, coordinate
    return validation.formula1


def _expected_keys(ref: Referentiel, group: str, grid: bool = False) -> list[str]:
    """The keys of a group's questions in the référentiel's order; in a grid, the open
    questions last."""
    keys: list[str] = []
    asked = [q for q in ref.questions().values() if q.group == group]
    if grid:
        asked.sort(key=lambda q: q.type is QuestionType.TEXT)
    for question in asked:
        if question.type is QuestionType.MULTIPLE_CHOICE:
            keys += [layout.choice_key(question.id, o.code) for o in ref.options_of(question)]
        else:
            keys.append(question.id)
    return keys


def test_sheets_in_order_and_hidden(ardes: Referentiel, tmp_path: Path) -> None:
    wb = _saved(build_workbook(ardes, GRANGE, "q-1", "h"), tmp_path)
    grids = ["Les bénévoles", "Les salariés", "Les publics", "Les partenaires"]
    assert wb.sheetnames == [layout.README_SHEET, layout.IDENT_SHEET,
                             layout.QUESTIONNAIRE_SHEET, *grids, layout.EVALUATOR_SHEET,
                             layout.PLAN_SHEET, layout.META_SHEET, layout.LISTS_SHEET]
    states = {ws.title: ws.sheet_state for ws in wb.worksheets}
    assert states.pop(layout.META_SHEET) == states.pop(layout.LISTS_SHEET) == "hidden"
    assert set(states.values()) == {"visible"}
    assert wb.properties.creator == wb.properties.lastModifiedBy == "evalsoc"
    assert wb.properties.title and "La Grange aux sons" in wb.properties.title


def test_meta_says_what_the_workbook_is(ardes: Referentiel, tmp_path: Path) -> None:
    digest = canonical_hash(ardes)
    meta = _meta(_saved(build_workbook(ardes, GRANGE, "q-1", digest), tmp_path))
    assert meta["format"] == layout.FORMAT and meta["layout_version"] == layout.LAYOUT_VERSION
    assert (meta["referentiel"], meta["referentiel_version"]) == ("ardes-culture", "1.0.0")
    assert meta["referentiel_hash"] == digest and meta["questionnaire_id"] == "q-1"
    assert meta["structure_id"] == "S014" and meta["kind"] == layout.KIND_STRUCTURE
    assert meta["evalsoc_version"]
    grids = {g.id for g, _ in grid_groups(ardes)}
    assert {k.removeprefix(layout.SHEET_KEY_PREFIX) for k in meta
            if k.startswith(layout.SHEET_KEY_PREFIX)} == grids


def test_every_question_id_exactly_once(any_ref: Referentiel, tmp_path: Path) -> None:
    wb = _saved(build_workbook(any_ref, None, "q-1", "h"), tmp_path)
    found = [key for key, _ in _ids(wb[layout.QUESTIONNAIRE_SHEET])]
    assert found == _expected_keys(any_ref, "structure")
    meta = _meta(wb)
    for group, _ in grid_groups(any_ref):
        ws = wb[meta[f"{layout.SHEET_KEY_PREFIX}{group.id}"]]
        ids = [c.value for c in ws[layout.GRID_ID_ROW][1:] if c.value]
        assert ids == _expected_keys(any_ref, group.id, grid=True)
        numbers = [ws.cell(r, 1).value for r in range(layout.GRID_FIRST_ROW, ws.max_row + 1)]
        assert numbers == list(range(1, grid_rows(group) + 1))
    every = [key for key, _ in _ids(wb[layout.QUESTIONNAIRE_SHEET])]
    every += [str(c.value) for g, _ in grid_groups(any_ref)
              for c in wb[meta[f"sheet:{g.id}"]][layout.GRID_ID_ROW][1:] if c.value]
    assert not [k for k, n in Counter(every).items() if n > 1]
    questions = {layout.split_choice_key(str(k))[0] for k in every}
    assert questions == set(any_ref.questions())


def test_grid_size_is_twice_the_usual_and_at_least_ten(ardes: Referentiel,
                                                       mini: Referentiel) -> None:
    assert grid_rows(ardes.group("benevoles")) == 30  # type: ignore[arg-type]
    assert grid_rows(ardes.group("partenaires")) == 12  # type: ignore[arg-type]
    assert grid_rows(mini.group("benevoles").model_copy(  # type: ignore[union-attr]
        update={"typical_respondents": 2})) == 10


def test_answer_cells_have_french_validations(any_ref: Referentiel, tmp_path: Path) -> None:
    wb = _saved(build_workbook(any_ref, None, "q-1", "h"), tmp_path)
    ws = wb[layout.QUESTIONNAIRE_SHEET]
    lists = wb[layout.LISTS_SHEET]
    questions = any_ref.questions()
    for key, row in _ids(ws):
        dv = _validation(ws, f"D{row}")
        assert dv is not None, key
        assert dv.showInputMessage and dv.showErrorMessage
        assert dv.prompt and dv.error and dv.promptTitle and dv.errorTitle
        assert len(dv.prompt) <= 255 and len(dv.error) <= 255 and len(dv.promptTitle) <= 32
        assert any(word in dv.error for word in ("Choisissez", "accepté", "Seul X", "texte"))
        question = questions[layout.split_choice_key(key)[0]]
        if dv.type == "list":
            source = dv.formula1 or ""
            assert source.startswith(f"'{layout.LISTS_SHEET}'!"), key
            column = source.split("!")[1].split(":")[0].strip("$").rstrip("$0123456789")
            values = [c.value for c in lists[column] if c.value is not None]
            if question.type is QuestionType.MULTIPLE_CHOICE:
                assert values == [layout.CHOICE_MARK]
            else:
                labels = [o.label for o in any_ref.options_of(question)
                          if o.meaning is OptionMeaning.VALUE]
                assert values[:len(labels)] == labels and "Ne sait pas" in values
                not_concerned = any(str(v).startswith("Non concerné") for v in values)
                assert not_concerned == question.allow_non_concerne, key


def test_number_formats_and_bounds(ardes: Referentiel, tmp_path: Path) -> None:
    wb = _saved(build_workbook(ardes, None, "q-1", "h"), tmp_path)
    ws = wb[layout.QUESTIONNAIRE_SHEET]
    rows = dict(_ids(ws))
    percent = ws[f"D{rows['part_actions_hors_murs']}"]
    assert "%" in percent.number_format
    formula = _formula(ws, percent.coordinate)
    assert f"{percent.coordinate}>=0" in formula and f"{percent.coordinate}<=1" in formula
    assert '"Ne sait pas"' in formula
    amount = ws[f"D{rows['budget_total']}"]
    assert "€" in amount.number_format
    assert '"Non concerné"' not in _formula(ws, amount.coordinate)
    assert ws[f"D{rows['date_cloture']}"].number_format.upper() == "DD/MM/YYYY"
    assert "INT(" in _formula(ws, f"D{rows['nb_residences']}")


def test_only_answer_cells_are_unlocked(ardes: Referentiel, tmp_path: Path) -> None:
    wb = _saved(build_workbook(ardes, GRANGE, "q-1", "h"), tmp_path)
    grids = {_meta(wb)[f"sheet:{g.id}"] for g, _ in grid_groups(ardes)}
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        assert ws.protection.sheet and not ws.protection.password, ws.title
        for row in ws.iter_rows():
            for cell in row:
                if cell.protection.locked:
                    continue
                assert cell.row is not None and cell.column is not None
                where = (ws.title, cell.coordinate)
                if ws.title == layout.QUESTIONNAIRE_SHEET:
                    assert cell.column in (layout.ANSWER_COL, layout.COMMENT_COL), where
                    assert ws.cell(cell.row, layout.ID_COL).value, where
                elif ws.title == layout.IDENT_SHEET:
                    assert cell.column == layout.IDENT_VALUE_COL, where
                elif ws.title == layout.EVALUATOR_SHEET:
                    assert cell.column in (layout.EVALUATOR_LEVEL_COL,
                                           layout.EVALUATOR_TEXT_COL), where
                elif ws.title == layout.PLAN_SHEET:  # a piste's cells, or the analysis box
                    key = str(ws.cell(cell.row, layout.ID_COL).value)
                    assert key.startswith(layout.PLAN_KEY_PREFIX) or (
                        key == layout.PLAN_ANALYSIS_KEY), where
                    assert 2 <= cell.column <= 1 + len(layout.PLAN_COLUMNS), where
                else:
                    assert ws.title in grids and cell.row >= layout.GRID_FIRST_ROW, where
                    assert cell.column > 1, where
    ws = wb[layout.QUESTIONNAIRE_SHEET]
    assert all(not ws[f"D{row}"].protection.locked for _, row in _ids(ws))


def test_identification_is_prefilled(ardes: Referentiel, tmp_path: Path) -> None:
    wb = _saved(build_workbook(ardes, GRANGE, "q-1", "h"), tmp_path)
    ws = wb[layout.IDENT_SHEET]
    values = {r[0]: r[layout.IDENT_VALUE_COL - 1] for r in ws.iter_rows(values_only=True)}
    assert [k for k, _ in layout.IDENT_FIELDS] == [k for k in values if k in dict(
        layout.IDENT_FIELDS)]
    assert values["structure_id"] == "S014" and values["nom"] == "La Grange aux sons"
    assert values["departement"] == "14" and values["consentement"] == "anonyme"
    assert values["mode"] is None
    rows = {c.value: c.row for c in ws["A"]}
    assert ws.cell(rows["structure_id"], layout.IDENT_VALUE_COL).protection.locked
    assert _validation(ws, f"C{rows['departement']}").errorStyle == "information"  # type: ignore[union-attr]
    assert _validation(ws, f"C{rows['mode']}").errorStyle in (None, "stop")  # type: ignore[union-attr]


def test_individual_workbook(ardes: Referentiel, tmp_path: Path) -> None:
    wb = _saved(build_individual_workbook(ardes, "benevoles", GRANGE, "q-parent", 3, "q-ind",
                                          "h"), tmp_path)
    assert wb.sheetnames == [layout.README_SHEET, layout.QUESTIONNAIRE_SHEET,
                             layout.META_SHEET, layout.LISTS_SHEET]
    meta = _meta(wb)
    assert meta["kind"] == layout.KIND_INDIVIDUAL and meta["group"] == "benevoles"
    assert meta["respondent"] == "3" and meta["parent_questionnaire_id"] == "q-parent"
    assert meta["questionnaire_id"] == "q-ind" and meta["structure_id"] == "S014"
    keys = [k for k, _ in _ids(wb[layout.QUESTIONNAIRE_SHEET])]
    assert keys == _expected_keys(ardes, "benevoles")
    with pytest.raises(KeyError):
        build_individual_workbook(ardes, "inconnus", GRANGE, "p", 1, "q", "h")


def test_blank_workbook(ardes: Referentiel, tmp_path: Path) -> None:
    wb = build_workbook(ardes, None, "q-1", "h")
    write_workbook(wb, tmp_path / "vierge.xlsx")
    assert [p.name for p in tmp_path.iterdir()] == ["vierge.xlsx"]  # no temporary left
    meta = _meta(load_workbook(tmp_path / "vierge.xlsx"))
    assert meta["structure_id"] == ""


CSV_SEMICOLON = (
    "\ufeffstructure_id;nom;departement;commune;discipline;territoire;taille;consentement\n"
    "S014;La Grange aux sons;14;Vire;musiques actuelles;rural;100 à 300 k€;Nominative\n"
    ";Sans identifiant;61;Alençon;;;;\n"
    "\n"
    "s014;Doublon;14;Caen;;;;\n"
    "S020;Compagnie du Bocage;50;Saint-Lô;théâtre;urbain;;peut-être\n"
)


def test_registry_with_semicolons_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "structures.csv"
    path.write_text(CSV_SEMICOLON, encoding="utf-8")
    read = read_structures(path)
    assert [s.id for s in read.structures] == ["S014", "S020"]
    grange = read.structures[0]
    assert grange.name == "La Grange aux sons" and grange.commune == "Vire"
    assert grange.consentement == "nominative" and grange.taille == "100 à 300 k€"
    assert read.structures[1].consentement is None
    assert [(i.code, i.line) for i in read.issues] == [
        (Code.STR_MISSING_ID.value, 3), (Code.STR_DUPLICATE_ID.value, 5),
        (Code.STR_CONSENT.value, 6)]
    assert not read.valid


def test_registry_with_commas_in_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "structures.csv"
    path.write_bytes("id,nom,commune,couleur\nA1,Théâtre de l'Orne,Alençon,bleu\n"
                     .encode("cp1252"))
    read = read_structures(path)
    assert read.valid and read.structures[0].name == "Théâtre de l'Orne"
    assert read.structures[0].commune == "Alençon"
    assert {i.code for i in read.issues} == {Code.STR_ENCODING.value,
                                             Code.STR_UNKNOWN_COLUMNS.value}


def test_registry_without_id_column(tmp_path: Path) -> None:
    path = tmp_path / "structures.csv"
    path.write_text("nom;commune\nX;Y\n", encoding="utf-8")
    read = read_structures(path)
    assert not read.structures and [i.code for i in read.issues] == [Code.STR_NO_ID_COLUMN.value]
    empty = tmp_path / "vide.csv"
    empty.write_bytes(b"")
    assert [i.code for i in read_structures(empty).issues] == [Code.STR_EMPTY.value]


@pytest.mark.parametrize(("name", "ident"), [
    ("Compagnie / théâtre", "S1"), ("..", "S2"), ("CON", "S3"), ("", "CON"),
    ("Ça été l'Été à Saint-Lô", "S4"), ("../../etc/passwd", "../S5"), ("a\\b", "nul"),
])
def test_output_names_stay_inside_the_folder(tmp_path: Path, name: str, ident: str) -> None:
    stem = structure_stem(StructureInfo(id=ident, name=name), "vierge")
    path = safe_path(tmp_path, stem)
    assert path.parent == tmp_path.resolve()
    assert stem.isascii() and "/" not in stem and ".." not in stem
    assert stem.split("_")[0].upper() not in {"CON", "NUL"}


def test_safe_path_refuses_escapes(tmp_path: Path) -> None:
    for stem in ("../x", "a/b", "", "CON"):
        with pytest.raises(ValueError):
            safe_path(tmp_path, stem)


def test_plan_numbers_names_that_collide(mini: Referentiel, tmp_path: Path) -> None:
    same = [StructureInfo(id="S1", name="Asso"), StructureInfo(id="s1 ", name="Asso")]
    jobs = plan_questionnaires(mini, tmp_path, same, ["benevoles"], respondents=2)
    names = [j.path.name for j in jobs]
    assert len({n.casefold() for n in names}) == len(names) == 6
    assert jobs[1].parent_id == jobs[0].questionnaire_id and jobs[1].number == 1


def test_generate_keeps_existing_files(mini: Referentiel, tmp_path: Path) -> None:
    first = generate_questionnaires(mini, "h", tmp_path, [GRANGE], ["benevoles"], 2)
    assert (first.structures, first.individuals) == (1, 2) and not first.issues
    again = generate_questionnaires(mini, "h", tmp_path, [GRANGE], ["benevoles"], 2)
    assert not again.written and len(again.kept) == 3
    assert {i.code for i in again.issues} == {Code.QST_EXISTS.value}
    forced = generate_questionnaires(mini, "h", tmp_path, [GRANGE], replace=True)
    assert len(forced.written) == 1


def test_cli_blank_workbook(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["questionnaire", "ardes-culture", "-o",
                                      str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    files = list((tmp_path / "out").glob("*.xlsx"))
    assert [f.name for f in files] == ["questionnaire-vierge_ardes-culture-1.2.0.xlsx"]
    assert "1 classeur(s) de structure" in result.output


def test_cli_registry_and_individuals(tmp_path: Path) -> None:
    registry = tmp_path / "structures.csv"
    registry.write_text(CSV_SEMICOLON, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, [
        "questionnaire", "ardes-culture@1.0.0", "-o", str(out), "--structures",
        str(registry), "--individuels", "benevoles, salaries", "--repondants", "2", "--json"])
    assert result.exit_code == 1, result.output  # two bad rows, the others written
    report = json.loads(result.stdout)
    assert len(report["written"]) == 2 * (1 + 2 + 2)
    codes = [i["code"] for i in report["issues"]]
    assert Code.STR_MISSING_ID.value in codes and Code.STR_DUPLICATE_ID.value in codes
    assert (out / "la-grange-aux-sons_S014_salaries_02.xlsx").exists()
    meta = _meta(load_workbook(out / "la-grange-aux-sons_S014_benevoles_01.xlsx"))
    parent = _meta(load_workbook(out / "la-grange-aux-sons_S014.xlsx"))
    assert meta["parent_questionnaire_id"] == parent["questionnaire_id"]


def test_cli_usage_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["questionnaire", "ardes-culture", "-o", str(tmp_path),
                                 "--individuels", "structure,inconnus"])
    assert result.exit_code == 2 and "Groupes possibles" in result.output
    result = runner.invoke(cli, ["questionnaire", "absent", "-o", str(tmp_path)])
    assert result.exit_code == 2 and Code.REF_NOT_FOUND.value in result.output
    assert not list(tmp_path.glob("*.xlsx"))


def test_mini_referentiel_from_conftest_text(mini: Referentiel) -> None:
    assert "benevoles" in MINI_YAML and mini.group("benevoles") is not None
    wb = build_workbook(mini, None, "q", "h")
    assert layout.grid_sheet_name("Bénévoles") in wb.sheetnames


def test_round_trip_through_the_reader(ardes: Referentiel, tmp_path: Path) -> None:
    """The contract, end to end: what the writer lays out, the reader finds."""
    wb = build_workbook(ardes, GRANGE, "q-1", canonical_hash(ardes))
    ws = wb[layout.QUESTIONNAIRE_SHEET]
    rows = dict(_ids(ws))
    typed: dict[str, Any] = {"nb_emplois_permanents": 3, "part_actions_hors_murs": 0.35,
             "convention_collective": "Oui", "dispositifs_accompagnement:dla": "X",
             "membre_reseau": "Ne sait pas"}
    for key, value in typed.items():
        ws.cell(rows[key], layout.ANSWER_COL, value)
    grid = wb[_meta(wb)["sheet:benevoles"]]
    column = next(c.column for c in grid[layout.GRID_ID_ROW] if c.value == "ben_liens")
    grid.cell(layout.GRID_FIRST_ROW, column, "Plutôt d'accord")
    evaluator = wb[layout.EVALUATOR_SHEET]
    evaluator.cell(layout.FIRST_ROW, layout.EVALUATOR_LEVEL_COL, ardes.levels[2].label)
    write_workbook(wb, tmp_path / "rempli.xlsx")
    read = read_workbook(tmp_path / "rempli.xlsx")
    assert read.answers is not None, [i.render() for i in read.issues]
    values = {(a.question, a.respondent): (a.value, a.status.value)
              for a in read.answers.answers}
    assert values[("nb_emplois_permanents", "structure")] == (3, "answered")
    assert values[("part_actions_hors_murs", "structure")][0] == pytest.approx(35)
    assert values[("convention_collective", "structure")] == ("oui", "answered")
    assert values[("dispositifs_accompagnement", "structure")] == (("dla",), "answered")
    assert values[("membre_reseau", "structure")] == (None, "ne_sait_pas")
    assert [v for (q, r), v in values.items() if q == "ben_liens"] == [("3", "answered")]
    assert read.answers.structure.id == "S014"
    assert read.answers.evaluator[0].level == ardes.levels[2].code


def test_user_guide_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    guide = (Path(__file__).resolve().parent.parent / "docs" / "questionnaires.md")
    text = guide.read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert len(blocks) == 1 and " la " in text and " le " in text
    monkeypatch.chdir(tmp_path)
    (tmp_path / "structures.csv").write_text(CSV_SEMICOLON, encoding="utf-8")
    exec(compile(blocks[0], str(guide), "exec"), {})  # the guide's own example
    out = capsys.readouterr().out  # its registry problems, then 2 structures x (1 + 2)
    assert "[STR003]" in out and "6 classeurs écrits" in out


def test_print_setup_and_page_breaks(ardes: Referentiel) -> None:
    wb = build_workbook(ardes, GRANGE, "q-1", "h")
    ws = wb[layout.QUESTIONNAIRE_SHEET]
    assert ws.page_setup.orientation == "portrait" and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows and ws.freeze_panes == f"B{layout.FIRST_ROW}"
    assert "La Grange aux sons" in str(ws.oddHeader.center.text)  # type: ignore[union-attr]
    breaks = [b.id + 1 for b in ws.row_breaks.brk]
    assert breaks and all(ws.cell(r, layout.ID_COL).value is None for r in breaks)
    grid = wb["Les publics"]
    assert grid.page_setup.orientation == "landscape"
    assert grid.page_setup.fitToHeight == 2  # 60 rows, never a nearly empty last page
