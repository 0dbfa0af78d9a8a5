"""Issue 14, items 2 and 3: forms join their structure whenever they were generated, a
blank questionnaire is nobody's evaluation, and check, score and ingest say the same
thing of every file.

V1 forms generated a week later, into the same folder, join their structure (and so do
forms generated again, and new forms for a workbook generated before links were
derived); V2 on 50 mixed files, check, score and ingest give each file the same
verdict (valid or not, and the same codes), join the same forms and give the same
scores; V3 a blank and a 10 %-filled workbook: exit 1, not stored as evaluated, no fiche,
counted nowhere.
"""

from __future__ import annotations

import io
import os
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from workbooks import fill, make_workbook

from evalsoc.answers.model import StructureInfo
from evalsoc.batch.run import check_paths
from evalsoc.cli.main import cli
from evalsoc.excel import layout
from evalsoc.excel.links import derived_link
from evalsoc.excel.workbook import read_workbook
from evalsoc.referentiel.model import Referentiel
from evalsoc.referentiel.registry import load_entry, resolve
from evalsoc.simulate import simulate_campaign
from evalsoc.store.frames import Store
from evalsoc.store.ingest import ingest

STRUCTURE = {"convention": "Oui", "etp": 3.5, "ressources_propres": 12000, "budget": 40000,
             "actions:tarifs": "X", "verbatim": "Très bien"}
PEOPLE = [{"rencontres": "4", "accueil": "3"}, {"rencontres": "3", "accueil": "2"},
          {"rencontres": "1", "accueil": "4"}]


@pytest.fixture
def root(mini_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EVALSOC_REFERENTIELS", str(mini_root))
    return mini_root


def registry(folder: Path, count: int, first: int = 1) -> Path:
    path = folder / f"structures-{first}.csv"
    lines = ["structure_id;nom;departement;consentement"] + [
        f"S{n:03d};Structure {n};14;nominative" for n in range(first, first + count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def generate(folder: Path, structures: Path, *args: str) -> None:
    result = CliRunner().invoke(cli, ["questionnaire", "mini", "-o", str(folder),
                                      "--structures", str(structures), *args])
    assert result.exit_code == 0, result.output


def fill_file(path: Path, ref: Referentiel, answers: dict[str, Any],
              grids: dict[str, list[dict[str, Any]]] | None = None) -> Path:
    book = load_workbook(path)
    fill(book, ref, answers, grids or {})
    book.save(path)
    return path


def meta_of(path: Path) -> dict[str, str]:
    book = load_workbook(path, read_only=True)
    rows = book[layout.META_SHEET].iter_rows(values_only=True)
    return {str(r[0]): str(r[1] or "") for r in rows if r and r[0]}


# V1 ---------------------------------------------------------------------------------

def test_v1_forms_generated_a_week_later_join_their_structure(
        tmp_path: Path, mini: Referentiel, root: Path) -> None:
    folder = tmp_path / "envoi"
    structures = registry(tmp_path, 3)
    generate(folder, structures, "--campagne", "2025")
    for path in folder.glob("*.xlsx"):
        fill_file(path, mini, STRUCTURE)
    # a week later: the forms, into the same folder; the structures' workbooks are kept
    generate(folder, structures, "--campagne", "2025", "--individuels", "benevoles",
             "--repondants", "3")
    forms = sorted(folder.glob("*_benevoles_*.xlsx"))
    assert len(forms) == 9
    for form, row in zip(forms, PEOPLE * 3, strict=True):
        fill_file(form, mini, row)
    for structure in (p for p in folder.glob("*.xlsx") if "_benevoles_" not in p.name):
        meta = meta_of(structure)
        assert meta["questionnaire_id"] == derived_link(meta["structure_id"], "mini@1.0.0",
                                                        "2025")
        assert meta["campagne"] == "2025"

    checked = CliRunner().invoke(cli, ["check", str(folder), "-q"])
    assert checked.exit_code == 0 and "XL030" not in checked.output, checked.output
    items = check_paths([folder], workers=1)
    scored = [i for i in items if i.result is not None]
    assert len(scored) == 3 and all(len(i.merged) == 3 for i in scored)
    assert all(i.result.respondents["benevoles"] == 3 for i in scored)  # type: ignore[union-attr]

    db = tmp_path / "c.sqlite"
    summary = ingest([folder], "2025", db, 2025, workers=1)
    assert summary.waiting == [] and summary.individual == 9 and not summary.rejected
    with Store(db) as store:
        respondents = store.respondents("2025")
        assert set(respondents["n"]) == {3} and len(respondents) == 3
        stored = store.scores("2025").set_index(["structure_id", "noeud"])["score"]
    for item in scored:
        result = item.result
        assert result is not None
        for dim in result.dimensions:
            assert stored[(result.structure.id, dim.id)] == pytest.approx(
                dim.score if dim.score is not None else float("nan"), nan_ok=True)


def test_v1_forms_generated_again_or_without_the_campaign_join(
        tmp_path: Path, mini: Referentiel, root: Path) -> None:
    structures = registry(tmp_path, 1)
    first, again = tmp_path / "premier", tmp_path / "encore"
    generate(first, structures, "--campagne", "2025", "--individuels", "benevoles",
             "--repondants", "3")
    generate(again, structures, "--campagne", "2025", "--individuels", "benevoles",
             "--repondants", "3")
    links = {meta_of(p).get("parent_questionnaire_id") for p in
             [*first.glob("*_benevoles_*.xlsx"), *again.glob("*_benevoles_*.xlsx")]}
    assert len(links) == 1  # never random
    later = tmp_path / "sans-campagne"
    generate(later, structures, "--individuels", "benevoles", "--repondants", "3")
    [structure] = [p for p in first.glob("*.xlsx") if "_benevoles_" not in p.name]
    fill_file(structure, mini, STRUCTURE)
    batch = tmp_path / "lot"
    batch.mkdir()
    (batch / structure.name).write_bytes(structure.read_bytes())
    for n, form in enumerate(sorted(later.glob("*_benevoles_*.xlsx"))):
        fill_file(form, mini, PEOPLE[n])
        (batch / form.name).write_bytes(form.read_bytes())
    items = check_paths([batch], workers=1)
    assert [len(i.merged) for i in items if i.result is not None] == [3]


def test_v1_new_forms_join_a_workbook_generated_before_links_were_derived(
        tmp_path: Path, mini: Referentiel, root: Path) -> None:
    folder = tmp_path / "lot"
    old = make_workbook(folder / "ancien.xlsx", mini, answers=STRUCTURE, grids={},
                        structure=StructureInfo(id="S001", name="Structure 1"))
    assert meta_of(old)["questionnaire_id"] == "Q-TEST"  # random, in its day
    forms = tmp_path / "formulaires"
    generate(forms, registry(tmp_path, 1), "--individuels", "benevoles", "--repondants", "3")
    for n, form in enumerate(sorted(forms.glob("*_benevoles_*.xlsx"))):
        (folder / form.name).write_bytes(fill_file(form, mini, PEOPLE[n]).read_bytes())
    items = check_paths([folder], workers=1)
    assert [len(i.merged) for i in items if i.result is not None] == [3]
    db = tmp_path / "c.sqlite"
    assert ingest([folder], "2025", db, 2025, workers=1).waiting == []


# V2 ---------------------------------------------------------------------------------

def _mixed(tmp_path: Path, mini: Referentiel) -> Path:
    """50 files: valid structures with forms generated with them or later, forms whose
    structure is missing, blank and almost blank questionnaires, copies, broken files."""
    folder = tmp_path / "retours"
    generate(folder, registry(tmp_path, 17), "--campagne", "2025")
    structures = sorted(folder.glob("*.xlsx"), key=lambda p: p.stem.rsplit("_S", 1)[1])
    grids = {"benevoles": PEOPLE}
    for path in structures[:10]:
        fill_file(path, mini, STRUCTURE, grids)
    for path in structures[14:]:  # a row of spaces between two respondents (XL028)
        fill_file(path, mini, STRUCTURE, {"benevoles": [PEOPLE[0], {"rencontres": " "},
                                                        *PEOPLE[1:]]})
    fill_file(structures[10], mini, {"convention": "Oui"})  # almost blank: 1 of 6
    # structures[11] stays blank
    fill_file(structures[12], mini, {**STRUCTURE, "etp": "nan"})  # a located error
    fill_file(structures[13], mini, {**STRUCTURE, "budget": "=B2*2"})  # a formula
    copy = folder / "zz-copie-S001.xlsx"  # the same structure twice (XL031)
    copy.write_bytes(structures[0].read_bytes())
    fill_file(copy, mini, {**STRUCTURE, "etp": 4})
    forms_dir = tmp_path / "plus-tard"  # forms of S001..S005, generated a week later
    generate(forms_dir, registry(tmp_path, 5), "--campagne", "2025", "--individuels",
             "benevoles", "--repondants", "3")
    forms = sorted(forms_dir.glob("*_benevoles_*.xlsx"))
    for n, form in enumerate(forms):
        fill_file(form, mini, PEOPLE[n % 3] if n != 5 else {})  # one form returned blank
        (folder / form.name).write_bytes(form.read_bytes())
    orphans = tmp_path / "orphelins"  # forms of S020..S024, whose workbooks never came
    generate(orphans, registry(tmp_path, 5, first=20), "--campagne", "2025", "--individuels",
             "benevoles", "--repondants", "2")
    for n, form in enumerate(sorted(orphans.glob("*_benevoles_*.xlsx"))):
        (folder / form.name).write_bytes(fill_file(form, mini, PEOPLE[n % 3]).read_bytes())
    twin = sorted(folder.glob("*_S002_benevoles_01.xlsx"))[0]  # a corrected version (XL033)
    second = folder / "zz-correction-S002-benevoles-01.xlsx"
    second.write_bytes(twin.read_bytes())
    fill_file(second, mini, {"rencontres": "2"})
    os.utime(twin, (1_600_000_000, 1_600_000_000))
    identity = folder / "zz-identite.xlsx"  # an identity typed over another's (XL014)
    book = load_workbook(structures[5])
    for row in book[layout.IDENT_SHEET].iter_rows():
        if row[0].value == "structure_id":
            row[layout.IDENT_VALUE_COL - 1].value = "S099"
    book.save(identity)
    (folder / "vide.xlsx").write_bytes(b"")
    (folder / "tableau.xlsx").write_text("structure;budget\nS1;12\n", encoding="utf-8")
    (folder / "coupe.xlsx").write_bytes(structures[1].read_bytes()[:4000])
    fingerprint = load_workbook(structures[2])
    for row in fingerprint[layout.META_SHEET].iter_rows():
        if row[0].value == "referentiel_hash":
            row[1].value = ""
    fingerprint.save(folder / "zz-sans-empreinte.xlsx")
    twice = io.BytesIO()
    with zipfile.ZipFile(structures[3]) as src, zipfile.ZipFile(twice, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        with pytest.warns(UserWarning):
            dst.writestr("xl/worksheets/sheet3.xml", b"<worksheet/>")
    (folder / "zz-deux-fois.xlsx").write_bytes(twice.getvalue())
    files = sorted(folder.glob("*.xlsx"))
    assert len(files) == 50, len(files)
    return folder


def _verdicts_of(items: list[Any]) -> dict[str, tuple[bool, list[str]]]:
    return {Path(i.read.file).name: (i.read.valid, sorted(x.code for x in i.read.issues))
            for i in items}


def _verdicts_in(db: Path) -> dict[str, tuple[bool, list[str]]]:
    conn = sqlite3.connect(db)
    found = {}
    for ident, name, status in conn.execute("SELECT id, file_name, status FROM submissions"):
        codes = sorted(r[0] for r in conn.execute(
            "SELECT code FROM issues WHERE submission_id = ?", (ident,)))
        found[name] = (status != "rejetee", codes)
    conn.close()
    return found


@pytest.mark.slow
def test_v2_check_score_and_ingest_agree_on_50_mixed_files(
        tmp_path: Path, mini: Referentiel, root: Path) -> None:
    folder = _mixed(tmp_path, mini)
    checked = check_paths([folder], workers=2, scores=False, answers=False)
    scored = check_paths([folder], workers=2, answers=False)
    db = tmp_path / "campagne.sqlite"
    summary = ingest([folder], "2025", db, 2025, workers=2)
    verdicts = _verdicts_of(checked)
    assert verdicts == _verdicts_of(scored)
    # two versions in one batch (XL031, XL033) are, for ingest, successive versions of
    # which the newer counts, said by the run (DB007), never stored: the base is the
    # same whatever runs the files came in (test_versions V5)
    twice = {"XL031", "XL033"}
    assert {n: (v, [c for c in codes if c not in twice]) for n, (v, codes)
            in verdicts.items()} == _verdicts_in(db)
    doubled = {n for n, (_, codes) in verdicts.items() if twice & set(codes)}
    said = {issue.message for issue in summary.versions if issue.code == "DB007"}
    assert doubled and all(any(n in m for m in said) for n in doubled), (doubled, said)
    invalid = {name: codes for name, (valid, codes) in verdicts.items() if not valid}
    expected = {"XL001", "XL002", "XL003", "XL014", "XL017", "XL018", "XL020", "ANS008",
                "ANS021"}
    assert expected <= {c for codes in invalid.values() for c in codes}
    assert sum("ANS021" in codes for codes in invalid.values()) == 3  # 2 workbooks, 1 form
    warned = {c for _, codes in verdicts.values() for c in codes}
    assert {"XL030", "XL031", "XL033"} <= warned
    assert sorted(summary.waiting) == sorted(
        str(folder / n) for n, (_, c) in verdicts.items() if "XL030" in c)
    # the same forms join the same structures, and give the same scores
    conn = sqlite3.connect(db)
    stored = {(r[0], r[1]): r[2] for r in conn.execute(
        "SELECT s.structure_id, sc.node, sc.score FROM scores sc JOIN submissions s "
        "ON s.id = sc.submission_id WHERE s.status = 'valide' AND s.kind = 'structure'")}
    conn.close()
    results = {i.result.structure.id: i for i in scored if i.result is not None}
    with Store(db) as store:
        counted = store.respondents("2025").set_index("structure_id")["n"].to_dict()
    for ident, item in results.items():
        assert item.result is not None
        if ident == "S001":
            continue  # present twice: score shows both, the store keeps the later one
        assert counted.get(ident, 0) == item.result.respondents.get("benevoles", 0)
        for node in item.result.nodes().values():
            assert stored[(ident, node.id)] == pytest.approx(node.score, nan_ok=True)
    merged = {i.result.structure.id: len(i.merged) for i in scored if i.result}
    # S002: its third form came back blank (ANS021, counted nowhere), its first twice
    assert merged["S003"] == 3 and merged["S002"] == 2 and merged["S005"] == 3
    assert merged["S006"] == 0


# V3 ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def returned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five simulated returns of ardes-culture, one left blank, one filled at 10 %."""
    entry, ref = resolve("ardes-culture@1.0.0")
    folder = tmp_path_factory.mktemp("retours") / "lot"
    simulate_campaign(ref, load_entry(entry).hash or "", 5, 3, folder)
    files = sorted(folder.glob("*.xlsx"))
    questions = list(ref.questions_of("structure"))
    for path, keep in ((files[0], 0), (files[1], len(questions) // 10)):
        book = load_workbook(path)
        sheet = book[layout.QUESTIONNAIRE_SHEET]
        kept = set(questions[:keep])
        for row in sheet.iter_rows(min_row=layout.FIRST_ROW):
            key = str(row[layout.ID_COL - 1].value or "").partition(":")[0]
            if key and key not in kept:
                row[layout.ANSWER_COL - 1].value = None
        book.save(path)
    return folder


def test_v3_blank_and_ten_percent_are_nobody_s_evaluation(returned: Path,
                                                           tmp_path: Path) -> None:
    files = sorted(returned.glob("*.xlsx"))
    blank, tenth = files[0], files[1]
    for path in (blank, tenth):
        read = read_workbook(path)
        [issue] = [i for i in read.issues if i.code == "ANS021"]
        assert issue.sheet == layout.QUESTIONNAIRE_SHEET and not read.valid
        assert "ANS012" not in {i.code for i in read.issues}  # one error, not 11 warnings
    runner = CliRunner()
    for path in (blank, tenth):
        result = runner.invoke(cli, ["check", str(path), "-q"])
        assert result.exit_code == 1 and "ANS021" in result.output
        assert "questionnaire vide ou presque" in result.output
    scored = runner.invoke(cli, ["score", str(returned), "-q"])
    assert scored.exit_code == 1 and "3 noté(s)" in scored.output
    db = tmp_path / "c.sqlite"
    ingested = runner.invoke(cli, ["ingest", str(returned), "--campagne", "2025", "--db",
                                   str(db), "-q"])
    assert ingested.exit_code == 1 and "rejetés : 2" in ingested.output
    assert "questionnaire vide ou presque" in ingested.output  # listed as such
    ids = {read_workbook(p).meta["structure_id"] for p in (blank, tenth)}
    with Store(db) as store:
        assert int(store.campaigns()["structures"].iloc[0]) == 3
        assert ids.isdisjoint(set(store.scores("2025")["structure_id"]))
        subs = store.submissions("2025")
        assert set(subs[subs["structure_id"].isin(ids)]["statut"]) == {"rejetee"}
    fiches = tmp_path / "fiches"
    made = runner.invoke(cli, ["report", "structure", "--campagne", "2025", "--db", str(db),
                               "-o", str(fiches), "--format", "html", "-q"])
    assert made.exit_code == 0, made.output
    assert len(list(fiches.glob("*.html"))) == 3
    assert not any(i in p.name for p in fiches.glob("*") for i in ids)
    for ident in ids:
        asked = runner.invoke(cli, ["report", "structure", "--campagne", "2025", "--db",
                                    str(db), "--structure", ident, "-o", str(fiches), "-q"])
        assert asked.exit_code == 1 and "pas de questionnaire valide" in asked.output


def test_v1_forms_ingested_before_their_structure_wait_then_join(
        tmp_path: Path, mini: Referentiel, root: Path) -> None:
    folder = tmp_path / "envoi"
    generate(folder, registry(tmp_path, 1), "--campagne", "2025", "--individuels",
             "benevoles", "--repondants", "3")
    forms = sorted(folder.glob("*_benevoles_*.xlsx"))
    for form, row in zip(forms, PEOPLE, strict=True):
        fill_file(form, mini, row)
    [structure] = [p for p in folder.glob("*.xlsx") if "_benevoles_" not in p.name]
    fill_file(structure, mini, STRUCTURE)
    db = tmp_path / "c.sqlite"
    first = ingest(forms, "2025", db, 2025, workers=1)
    assert sorted(first.waiting) == sorted(str(f) for f in forms)
    with Store(db) as store:
        assert store.respondents("2025").empty  # waiting forms count for nobody
        assert set(store.issues("2025")["code"]) == {"XL030"}
    second = ingest([structure], "2025", db, 2025, workers=1)
    assert second.waiting == [] and not second.rejected
    with Store(db) as store:
        assert store.respondents("2025")["n"].tolist() == [3]
        assert "XL030" not in set(store.issues("2025")["code"])  # no longer true
        stored = store.scores("2025").set_index("noeud")["score"]
    [item] = [i for i in check_paths([folder], workers=1) if i.result is not None]
    assert item.result is not None and len(item.merged) == 3
    for node in item.result.nodes().values():
        expected = float("nan") if node.score is None else node.score
        assert stored[node.id] == pytest.approx(expected, nan_ok=True)
