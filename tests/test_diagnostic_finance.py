"""The financial self-diagnosis (autodiag-financier@1.0.0): every ratio against a second
computation by hand, « non calculable » with its reason, and the totals checked at their
cells of the « Comptes » sheet, never corrected."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import cast

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from finance_by_hand import by_hand
from openpyxl.worksheet.worksheet import Worksheet

from evalsoc.answers.model import AnswerSet
from evalsoc.answers.validate import validate_answer_set
from evalsoc.audit import Family, Knowledge, audit
from evalsoc.cli.main import cli
from evalsoc.diagnostic import DiagnosticResult, diagnose
from evalsoc.publish.facts import facts_of
from evalsoc.publish.inputs import load_sector_inputs
from evalsoc.publish.publication import Publication
from evalsoc.publish.review import review
from evalsoc.referentiel.registry import resolve
from evalsoc.stats import SecrecyRules
from evalsoc.stats.diagnostics import red_shares
from evalsoc.store.frames import Store

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = ROOT / "examples" / "reponses"
REF = "autodiag-financier@1.0.0"


def _diagnosed(name: str) -> DiagnosticResult:
    path = ANSWERS / f"autodiag-{name}.json"
    _, ref = resolve(REF)
    answers = AnswerSet.model_validate(json.loads(path.read_text(encoding="utf-8")))
    normalised, issues = validate_answer_set(answers, ref, str(path))
    assert not [i for i in issues if i.severity.value == "erreur"]
    return diagnose(ref, normalised)


@pytest.mark.parametrize("name", ["sain", "fragile", "crise", "cas-limites"])
def test_every_ratio_equals_the_computation_by_hand(name: str) -> None:
    result = _diagnosed(name)
    hand = by_hand(ANSWERS / f"autodiag-{name}.json")
    seen = set()
    for reading in result.indicators():
        key = f"{reading.id}@{reading.period}"
        seen.add(key)
        value, band = hand[key]
        if value is None:
            assert reading.value is None, key
        else:
            assert reading.value == pytest.approx(value, abs=1e-9), key
        assert reading.band == band, key
    assert seen == set(hand)  # F01-F19 for each of the three exercises, T1 and T2 for N


# Worked examples of docs/autodiagnostic-financier.md, redone with a calculator.
WORKED: dict[str, dict[str, tuple[float, str | None]]] = {
    "sain": {"F01@n": (22000, "vert"), "F02@n": (22000 / 431000, "vert"),
             "F03@n": (27000, "vert"), "F04@n": (165000, "vert"),
             "F05@n": (165000 / (395000 / 12), "vert"), "F06@n": (165000 / 290000, "vert"),
             "F07@n": (124000, "vert"), "F08@n": (-5000, None), "F09@n": (135000, "vert"),
             "F10@n": (135000 / (397000 / 365), "vert"), "F11@n": (45000 / 180000 * 365, None),
             "F12@n": (180000 / 426000, None), "F13@n": (50000 / 431000, "vert"),
             "F14@n": (sum((v / 420000) ** 2 for v in (
                 200000, 5000, 15000, 30000, 50000, 30000, 20000, 40000, 10000, 20000)),
                 "vert"),
             "F15@n": (220000 / 431000, None), "F16@n": (220000 / 395000, None),
             "F17@n": (20000 / 220000, "vert"), "F18@n": (30000 / 165000, "vert"),
             "F19@n": (30000 / 439000, None), "T1@n": (0, "vert"), "T2@n": (34000, "vert")},
    "fragile": {"F01@n": (-4000, "orange"), "F05@n": (30000 / (235000 / 12), "orange"),
                "F10@n": (28000 / (237000 / 365), "orange"),
                "F13@n": (125000 / 237000, "orange"), "T1@n": (1, "orange"),
                "T2@n": (1000, "vert")},
    "crise": {"F01@n": (-36000, "rouge"), "F04@n": (-35000, "rouge"),
              "F05@n": (-35000 / (337000 / 12), "rouge"),
              "F10@n": (-10000 / (342000 / 365), "rouge"),
              "F13@n": (225000 / 312000, "rouge"), "T1@n": (3, "rouge"),
              "T2@n": (-58000, "rouge")},
}


@pytest.mark.parametrize("name", sorted(WORKED))
def test_worked_examples_of_the_guide(name: str) -> None:
    result = _diagnosed(name)
    for key, (value, band) in WORKED[name].items():
        ident, period = key.split("@")
        reading = result.reading(ident, period)
        assert reading is not None and reading.value == pytest.approx(value, rel=1e-8), key
        assert reading.band == band, key


def test_non_computable_says_why_and_has_no_band() -> None:
    result = _diagnosed("cas-limites")
    wanted = {
        ("F04", "n2"): "non renseigné(s) pour l'exercice N-2",  # no balance sheet for N-2
        ("F10", "n2"): "non renseigné(s) pour l'exercice N-2",
        ("T2", "n"): "non renseigné(s) pour l'exercice N-2",
        ("F16", "n2"): "division par zéro",  # zero charges
        ("F13", "n1"): "par financeur",  # funders missing
        ("F14", "n1"): "par financeur",
    }
    for (ident, period), why in wanted.items():
        reading = result.reading(ident, period)
        assert reading is not None, (ident, period)
        assert reading.value is None and reading.absent == "non_calculable"
        assert reading.band is None and not reading.alert
        assert why in reading.reason, (ident, period, reading.reason)
    assert all(r.band is None for r in result.indicators() if r.value is None)


def _row(sheet: Worksheet, line: str) -> int:
    return next(int(cast(int, c.row)) for c in sheet["A"] if c.value == line)


@pytest.fixture(scope="module")
def accounts_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("autodiag")
    result = CliRunner().invoke(cli, ["simulate", "autodiag-financier", "--structures", "4",
                                      "--seed", "5", "-o", str(folder / "sim"), "-q"])
    assert result.exit_code == 0, result.output
    book = sorted((folder / "sim").glob("*.xlsx"))[0]
    shutil.copy(book, folder / "comptes.xlsx")
    return folder / "comptes.xlsx"


def test_unbalanced_bilan_and_funders_are_reported_at_their_cells(
        accounts_workbook: Path, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(accounts_workbook)
    sheet = book["Comptes"]
    passif, region = _row(sheet, "total_passif"), _row(sheet, "financeur_region")
    before = cast(float, sheet.cell(passif, 4).value)
    sheet.cell(passif, 4).value = before + 1000  # the bilan no longer balances
    funders = cast(float, sheet.cell(region, 5).value)
    sheet.cell(region, 5).value = funders + 700  # N-1 funders too big
    spoiled = tmp_path / "comptes-faux.xlsx"
    book.save(spoiled)
    digest = spoiled.read_bytes()
    result = CliRunner().invoke(cli, ["check", str(spoiled), "--json"])
    assert result.exit_code == 1, result.output
    issues = json.loads(result.output)[0]["issues"]
    found = {(i["code"], i["cell"], i.get("raw")) for i in issues if i["code"] == "FIN020"}
    cells = {cell for _, cell, _ in found}
    assert f"D{passif}" in cells  # total du passif, exercise N
    funders = _row(sheet, "subventions_exploitation")
    assert f"E{funders}" in cells  # the subsidies line of N-1, its funders summing apart
    messages = " ".join(i["message"] for i in issues if i["code"] == "FIN020")
    messages = messages.replace("\u202f", " ").replace("\u00a0", " ")
    assert "1 000" in messages and "700" in messages
    assert spoiled.read_bytes() == digest  # the input is never touched
    # nothing corrected: scoring refuses the workbook rather than mending it
    scored = CliRunner().invoke(cli, ["score", str(spoiled), "--json"])
    assert json.loads(scored.output)[0]["result"] is None


BUNDLE = "ardes-culture@1.0.0+autodiag-financier"


def _sources(node: object, question: str) -> list[tuple[str, str]]:
    """Every cell a result says it read ``question`` from."""
    found: list[tuple[str, str]] = []
    if isinstance(node, dict):
        if node.get("question") == question and isinstance(node.get("source"), dict):
            found.append((node["source"]["sheet"], node["source"]["cell"]))
        for value in node.values():
            found += _sources(value, question)
    elif isinstance(node, list):
        for value in node:
            found += _sources(value, question)
    return found


def test_both_referentiels_in_one_campaign_ask_budget_total_once(tmp_path: Path) -> None:
    runner = CliRunner()
    sim = tmp_path / "sim"
    made = runner.invoke(cli, ["simulate", BUNDLE, "--structures", "6", "--seed", "11",
                               "-o", str(sim), "-q"])
    assert made.exit_code == 0, made.output
    books = sorted(sim.glob("*.xlsx"))
    label = "Quel est le total des produits du dernier exercice clos ?"
    for path in books:  # one cell in the whole workbook: the « Comptes » line
        book = openpyxl.load_workbook(path)
        assert book["Comptes"]["A"][_row(book["Comptes"], "budget_total") - 1].value \
            == "budget_total"
        asked = [(s.title, c.coordinate) for s in book for row in s.iter_rows()
                 for c in row if c.value in ("budget_total", label)]
        assert asked == [("Comptes", f"A{_row(book['Comptes'], 'budget_total')}")], asked
    checked = runner.invoke(cli, ["check", str(sim), "--json"])
    assert all(item["valid"] for item in json.loads(checked.output)), checked.output
    scored = json.loads(runner.invoke(cli, ["score", str(sim), "--json"]).output)
    for item in scored:
        result = item["result"]
        assert result["dimensions"] and result["diagnostics"]  # the profile and the diagnostic
        cells = set(_sources(result, "budget_total"))
        assert len(cells) == 1 and next(iter(cells))[0] == "Comptes", cells
        assert len(_sources(result["dimensions"], "budget_total")) >= 3  # read by ardes
        assert _sources(result["diagnostics"], "budget_total")  # and by the diagnostic
    db = tmp_path / "b.sqlite"
    ingested = runner.invoke(cli, ["ingest", str(sim), "--db", str(db), "--campagne", "c",
                                   "-q"])
    assert ingested.exit_code == 0, ingested.output
    with Store(db) as store:
        rows = store.conn.execute("SELECT submission_id, COUNT(*), MIN(sheet) FROM answers "
                            "WHERE question = 'budget_total' GROUP BY submission_id"
                                  ).fetchall()
        members = store.members("c")
        diagnosed = store.diagnostics("c")["structure_id"].nunique()
        profiled = store.scores("c")["structure_id"].nunique()
    assert len(rows) == len(books) and {(n, s) for _, n, s in rows} == {(1, "Comptes")}
    assert sorted(members["referentiel"]) == ["ardes-culture@1.0.0",
                                              "autodiag-financier@1.0.0"]
    assert diagnosed == profiled == len(books)


@pytest.fixture(scope="module")
def bundle_campaign(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("campagne")
    runner = CliRunner()
    made = runner.invoke(cli, ["simulate", BUNDLE, "--structures", "14", "--seed", "4",
                               "-o", str(folder / "sim"), "-q"])
    assert made.exit_code == 0, made.output
    db = folder / "b.sqlite"
    done = runner.invoke(cli, ["ingest", str(folder / "sim"), "--db", str(db),
                               "--campagne", "2025", "-q"])
    assert done.exit_code == 0, done.output
    return db


def test_the_auditor_passes_on_the_sector_outputs_of_the_diagnostic(
        bundle_campaign: Path) -> None:
    with Store(bundle_campaign) as store:
        publication = Publication(load_sector_inputs(store, "2025"))
    ids = set(publication.tables)
    for name in ("ensemble", "taille", "discipline"):
        assert {f"autodiag-financier:medianes:{name}",
                f"autodiag-financier:rouges:{name}"} <= ids
    families = {key.split("|")[0] for fact in publication.facts for key, _ in fact.terms}
    assert {"ratio", "part", "rouge"} <= families  # the auditor sees the diagnostic's figures
    assert publication.result is not None and publication.result.clean
    assert review(publication).clean  # an audit from scratch, exact intervals
    whole = publication.table("autodiag-financier:rouges:ensemble")
    assert set(whole["indicateur"]) == {"F04", "F10", "T1"}
    result = CliRunner().invoke(cli, ["audit", "--db", str(bundle_campaign),
                                      "--campagne", "2025"])
    assert result.exit_code == 0, result.output
    assert "autodiag-financier:rouges:taille" in result.output
    assert "Aucune valeur non publiée ne se déduit" in result.output


def test_a_red_share_of_one_structure_is_an_exposure() -> None:
    bands = pd.DataFrame({"campagne": "2025", "structure_id": ["A", "B", "C", "D"],
                          "indicateur": "F04", "bande": ["rouge", "vert", "vert", "vert"]})
    groups = pd.DataFrame({"structure_id": ["A", "B", "C", "D"],
                           "taille": ["petite", "grande", "grande", "grande"]})
    loose = SecrecyRules(min_structures=1, min_median=1, min_quartiles=1)
    table = red_shares(bands, groups, ["taille"], loose)
    key = "rouge|2025|autodiag-financier:F04"
    facts = facts_of(table, "rouges", "alerts", breakdown=["campagne", "indicateur"],
                     by=["taille"], family=lambda row: key)
    truth = {(key, s): 1.0 if s == "A" else 0.0 for s in "ABCD"}
    family = Family(key, 0.0, 1.0, 1.0, label="la bande rouge de F04")
    exposed = audit(facts, Knowledge({key: family}, truth))
    assert [e.structure for e in exposed.exposures] == ["A"]  # alone in its group, in red
    safe = red_shares(bands, groups, ["taille"], SecrecyRules())  # the default rules
    kept = facts_of(safe, "rouges", "alerts", breakdown=["campagne", "indicateur"],
                    by=["taille"], family=lambda row: key)
    assert audit(kept, Knowledge({key: family}, truth)).clean


def test_export_carries_the_diagnostic_sector_view(bundle_campaign: Path,
                                                   tmp_path: Path) -> None:
    target = tmp_path / "export.xlsx"
    result = CliRunner().invoke(cli, ["export", "--db", str(bundle_campaign), "--campagne",
                                      "2025", "-o", str(target)])
    assert result.exit_code == 0, result.output
    sheets = openpyxl.load_workbook(target, read_only=True).sheetnames
    assert {"secteur", "diagnostics_medianes", "diagnostics_rouges", "notes"} <= set(sheets)
    medians = pd.read_excel(target, sheet_name="diagnostics_medianes", engine="calamine")
    assert set(medians["par"]) == {"ensemble", "taille", "discipline"}
    assert set(medians["indicateur"]) == {"F05", "F10", "F12", "F13", "F15"}


def test_explain_goes_down_to_the_cells(accounts_workbook: Path) -> None:
    result = CliRunner().invoke(cli, ["explain", str(accounts_workbook), "--node", "F10"])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(accounts_workbook)
    cash = _row(book["Comptes"], "disponibilites")
    assert "disponibilites = " in result.output and f"[Comptes!D{cash}]" in result.output
    assert "F09 / (charges_decaissables / base_jours)" in result.output
    assert result.output.count("F10 Trésorerie en jours de charges, exercice") == 3


def test_a_campaign_takes_the_referentiel_a_workbook_adds_and_says_what_is_dropped(
        tmp_path: Path) -> None:
    runner = CliRunner()
    for name, ref in (("seul", "ardes-culture@1.0.0"), ("ensemble", BUNDLE)):
        made = runner.invoke(cli, ["simulate", ref, "--structures", "3", "--seed", "9",
                                   "-o", str(tmp_path / name), "-q"])
        assert made.exit_code == 0, made.output
    db = tmp_path / "m.sqlite"
    for name in ("seul", "ensemble"):
        done = runner.invoke(cli, ["ingest", str(tmp_path / name), "--db", str(db),
                                   "--campagne", "c", "-q"])
        assert done.exit_code == 0, done.output
    with Store(db) as store:
        assert set(store.members("c")["referentiel"]) == {"ardes-culture@1.0.0",
                                                          "autodiag-financier@1.0.0"}
        assert store.diagnostics("c")["structure_id"].nunique() == 3
    # a newer workbook of the utilité sociale alone replaces a bundle's: it is said
    older = sorted((tmp_path / "seul").glob("*.xlsx"))[0]
    book = openpyxl.load_workbook(older)
    book["Identification"]["A1"].value = str(book["Identification"]["A1"].value or "") + " "
    newer = tmp_path / "nouveau" / older.name
    newer.parent.mkdir()
    book.save(newer)
    done = runner.invoke(cli, ["ingest", str(newer), "--db", str(db), "--campagne", "c"])
    assert done.exit_code == 0, done.output
    with Store(db) as store:
        said = store.issues("c")
        assert store.diagnostics("c")["structure_id"].nunique() == 2
    dropped = said[said["code"] == "QLIB021"]
    assert len(dropped) == 1 and "autodiag-financier@1.0.0" in dropped["message"].iloc[0]
