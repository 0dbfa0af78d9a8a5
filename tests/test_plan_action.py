"""The board's plan d'action and the « analyse partagée » (issue 19, Build 6, last part).

- PA1 the generated questionnaire has a « Plan d'action » sheet: ten rows keyed
  « piste:1 »…, the columns piste, responsable, échéance, indicateur de suivi, statut (a
  drop-down list), and the analysis box keyed « analyse_partagee »;
- PA2 a workbook with a plan gives it in its answers: deadlines as dates (typed, or an
  Excel date) or months (« juin 2027 », « 06/2027 »), statuses whatever their case and
  accents, the analysis as typed; stored with the answers and shown in the fiche (HTML
  table, PDF, ODT) with the analysis in its box;
- PA3 a malformed deadline, an unknown status, a row without piste and a text too long are
  errors at their cell, in French, with the raw value and the fix;
- PA4 a workbook without the sheet (older, or ardes-culture 1.0.0) has no plan and no
  issue; its fiche shows an empty box to fill by hand.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from editable_text import html_tables, odt_tables, odt_text
from openpyxl import load_workbook

from evalsoc.catalogue import Code
from evalsoc.excel import layout
from evalsoc.excel.workbook import read_workbook
from evalsoc.issues import Severity
from evalsoc.referentiel.registry import load_entry, resolve
from evalsoc.reports.fiche.plan import ANALYSIS_EMPTY
from evalsoc.reports.fiche.render import write_fiche
from evalsoc.reports.fiche.store import campaign_context, fiche_from_store
from evalsoc.simulate import simulate_campaign
from evalsoc.store.db import connect
from evalsoc.store.ingest import ingest

SHEET = layout.PLAN_SHEET
ANALYSIS = "Le conseil retient deux priorités.\nPoint d'étape en juin avec le consultant."


def _simulated(folder: Path, ref_id: str = "ardes-culture@1.1.0") -> list[Path]:
    entry, ref = resolve(ref_id)
    simulate_campaign(ref, load_entry(entry).hash or "", 2, 7, folder)
    return sorted(folder.glob("*.xlsx"))


def _rows(path: Path) -> dict[str, int]:
    ws = load_workbook(path)[SHEET]
    return {str(r[0].value): r[0].row for r in ws.iter_rows(min_col=1, max_col=1)
            if r[0].value}


def _write(path: Path, rows: dict[int, tuple[object, ...]], analysis: str | None,
           out: Path) -> Path:
    wb = load_workbook(path)
    ws = wb[SHEET]
    keys = _rows(path)
    for n in range(1, layout.PLAN_ROWS + 1):  # a clean sheet: the simulation may fill it
        for col in range(2, 7):
            ws.cell(keys[f"piste:{n}"], col).value = None
    for n, values in rows.items():
        for col, value in enumerate(values, start=2):
            ws.cell(keys[f"piste:{n}"], col).value = value  # type: ignore[assignment]
    ws.cell(keys[layout.PLAN_ANALYSIS_KEY], 2).value = analysis
    wb.save(out)
    return out


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return _simulated(tmp_path_factory.mktemp("plan"))


def test_pa1_the_questionnaire_has_the_sheet(workbooks: list[Path]) -> None:
    wb = load_workbook(workbooks[0])
    assert wb.sheetnames.index(SHEET) == wb.sheetnames.index(layout.EVALUATOR_SHEET) + 1
    ws = wb[SHEET]
    keys = _rows(workbooks[0])
    assert [k for k in keys if k.startswith("piste:")] == [f"piste:{n}" for n in range(1, 11)]
    assert layout.PLAN_ANALYSIS_KEY in keys
    header = [c.value for c in ws[layout.HEADER_ROW]][:6]
    assert header == ["N°", "Piste d'action retenue", "Responsable", "Échéance",
                      "Indicateur de suivi", "Statut"]
    validations = [dv for dv in ws.data_validations.dataValidation
                   if f"F{keys['piste:1']}" in str(dv.sqref)]
    assert len(validations) == 1 and validations[0].type == "list"
    assert ws.cell(keys["piste:1"], 2).protection.locked is False
    assert ws.protection.sheet


def test_pa2_a_plan_is_read_stored_and_shown(workbooks: list[Path], tmp_path: Path) -> None:
    path = _write(workbooks[0], {
        1: ("Ouvrir un atelier de pratique amateur", "la présidente", "30/06/2027",
            "nombre d'inscrits", "En cours"),
        2: ("Renouveler le bureau", "le bureau", "juin 2027", None, "a lancer"),
        4: ("Conventionner avec le collège", None, datetime(2027, 3, 15), "convention signée",
            "RÉALISÉ"),
        5: ("Former deux bénévoles", None, "06/2027", None, None),
    }, ANALYSIS, tmp_path / "avec-plan.xlsx")
    read = read_workbook(path)
    assert not [i for i in read.issues if i.code.startswith("FIC")], read.issues
    assert read.answers is not None
    plan = read.answers.plan
    assert [(a.piste, a.responsable, a.echeance, a.indicateur, a.statut) for a in plan] == [
        ("Ouvrir un atelier de pratique amateur", "la présidente", "2027-06-30",
         "nombre d'inscrits", "en cours"),
        ("Renouveler le bureau", "le bureau", "2027-06", None, "à lancer"),
        ("Conventionner avec le collège", None, "2027-03-15", "convention signée",
         "réalisée"),
        ("Former deux bénévoles", None, "2027-06", None, None)]
    assert plan[2].source is not None and plan[2].source.cell == f"B{_rows(path)['piste:4']}"
    assert read.answers.analyse_partagee == ANALYSIS
    # stored with the answers, shown in the fiche
    db = tmp_path / "evalsoc.sqlite"
    assert ingest([path], "2026", db, workers=1).ingested == 1
    context = campaign_context(db, "2026")
    conn = connect(db)
    try:
        structure = next(iter(context.submissions))
        fiche = fiche_from_store(context, conn, resolve("ardes-culture@1.1.0")[1], structure)
    finally:
        conn.close()
    assert [a.piste for a in fiche.plan] == [a.piste for a in plan]
    assert fiche.shared_analysis == ANALYSIS
    # the plan kept beside the evaluator's notes does not make it an external evaluation
    assert fiche.method.mode == (read.answers.structure.mode or "auto-évaluation")
    assert not fiche.has_evaluator or read.answers.evaluator
    files = {p.suffix[1:]: p for p in write_fiche(fiche, tmp_path / "fiches",
                                                   ["html", "odt"])}
    expected = [["Piste d'action", "Responsable", "Échéance", "Indicateur de suivi", "Statut"],
                ["Ouvrir un atelier de pratique amateur", "la présidente", "30/06/2027",
                 "nombre d'inscrits", "en cours"],
                ["Renouveler le bureau", "le bureau", "juin 2027", "—", "à lancer"],
                ["Conventionner avec le collège", "—", "15/03/2027", "convention signée",
                 "réalisée"],
                ["Former deux bénévoles", "—", "juin 2027", "—", "—"]]
    assert expected in html_tables(files["html"])
    assert expected in odt_tables(files["odt"])
    page = files["html"].read_text(encoding="utf-8")
    assert 'class="cadre"' in page and "contenteditable" in page
    assert "Point d&#39;étape en juin avec le consultant." in page
    assert "Point d'étape en juin avec le consultant." in odt_text(files["odt"])


def test_pa3_bad_cells_are_located_french_errors(workbooks: list[Path],
                                                 tmp_path: Path) -> None:
    path = _write(workbooks[0], {
        1: ("Ouvrir un atelier", None, "31/02/2027", None, "en cours"),
        2: ("Renouveler le bureau", None, "bientôt", None, "presque fini"),
        3: (None, "la présidente", None, None, "à lancer"),
        6: ("x" * 600, None, 2027, None, None),
    }, "y" * 6000, tmp_path / "fautes.xlsx")
    keys = _rows(path)
    read = read_workbook(path)
    found = {(i.code, i.cell): i for i in read.issues if i.code.startswith("FIC")}
    assert set(found) == {
        (Code.FIC_PLAN_DATE, f"D{keys['piste:1']}"),
        (Code.FIC_PLAN_DATE, f"D{keys['piste:2']}"),
        (Code.FIC_PLAN_STATUS, f"F{keys['piste:2']}"),
        (Code.FIC_PLAN_NO_PISTE, f"B{keys['piste:3']}"),
        (Code.FIC_PLAN_TOO_LONG, f"B{keys['piste:6']}"),
        (Code.FIC_PLAN_DATE, f"D{keys['piste:6']}"),
        (Code.FIC_PLAN_TOO_LONG, f"B{keys[layout.PLAN_ANALYSIS_KEY]}")}
    for issue in found.values():
        assert issue.sheet == SHEET and issue.file == str(path)
        assert issue.severity is Severity.ERROR
    date = found[(Code.FIC_PLAN_DATE, f"D{keys['piste:2']}")]
    assert date.raw == "bientôt"
    assert date.message == ("« bientôt » n'est pas une échéance. Écrivez une date "
                            "(30/06/2027) ou un mois (06/2027, juin 2027), ou laissez la "
                            "case vide.")
    status = found[(Code.FIC_PLAN_STATUS, f"F{keys['piste:2']}")]
    assert status.raw == "presque fini"
    assert "à lancer, en cours, réalisée, reportée, abandonnée" in status.message
    assert found[(Code.FIC_PLAN_DATE, f"D{keys['piste:1']}")].raw == "31/02/2027"
    assert found[(Code.FIC_PLAN_DATE, f"D{keys['piste:6']}")].raw == "2027"
    assert not read.answers or not read.answers.plan  # an invalid workbook gives no plan


@pytest.mark.parametrize("ref_id", ["ardes-culture@1.0.0", "ardes-culture@1.1.0"])
def test_pa4_no_sheet_no_plan_no_issue(ref_id: str, tmp_path: Path) -> None:
    path = _simulated(tmp_path / "retours", ref_id)[0]
    wb = load_workbook(path)
    del wb[SHEET]
    older = tmp_path / "ancien.xlsx"
    wb.save(older)
    read = read_workbook(older)
    assert not [i for i in read.issues if i.severity is Severity.ERROR], read.issues
    assert read.answers is not None and read.answers.plan == ()
    assert read.answers.analyse_partagee is None
    db = tmp_path / "evalsoc.sqlite"
    assert ingest([older], "2026", db, workers=1).ingested == 1
    context = campaign_context(db, "2026")
    conn = connect(db)
    try:
        fiche = fiche_from_store(context, conn, resolve(ref_id)[1],
                                 next(iter(context.submissions)))
    finally:
        conn.close()
    assert fiche.plan == () and fiche.shared_analysis is None
    files = {p.suffix[1:]: p for p in write_fiche(fiche, tmp_path / "fiches",
                                                   ["html", "odt"])}
    page = files["html"].read_text(encoding="utf-8")
    assert "Plan d&#39;action retenu" not in page
    assert 'class="cadre vide"' in page and ANALYSIS_EMPTY.replace("'", "&#39;") in page
    assert ANALYSIS_EMPTY in odt_text(files["odt"])
