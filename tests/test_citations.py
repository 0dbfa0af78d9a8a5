"""Issue 19, item 2 « Voices »: the consultant selects the quotes to publish.

Q1 ``citations exporter`` lists every free text of the campaign (answers to open
questions and comments), with its structure, consent, group and question, in a friendly
workbook (frozen header, « publier » drop-down, the other columns locked); Q2 the marked
workbook is read back with located French errors (bad « publier », a text that no longer
matches, another campaign, a structure not in the campaign) and nothing is saved on an
error; Q3 a re-import replaces the previous selection; Q4 the synthèse prints only the
selected quotes, under consent (named under its name, anonymous unattributed, « aucune »
never), and without a selection no free text at all (« aucune citation sélectionnée »);
Q5 a fiche quotes only its structure's selection; Q6 ``evalsoc audit`` checks the quotes
and the written documents: a forged selection of a non-consenting structure's quote does
not reach the synthèse, an output carrying an unselected text (or an anonymous quote
with its structure's name) fails the audit.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from evalsoc.cli.main import cli
from evalsoc.excel import layout
from evalsoc.publish.inputs import load_sector_inputs, text_questions_of
from evalsoc.publish.publication import Publication
from evalsoc.publish.quote_audit import audit_quotes
from evalsoc.publish.quotes import NAMES_IN_TEXT, NOT_CONSENTED
from evalsoc.referentiel.registry import load_entry, resolve
from evalsoc.reports.sector.build import build_sector_report
from evalsoc.reports.sector.model import Quotes
from evalsoc.reports.sector.render import write_sector_report
from evalsoc.simulate import simulate_campaign
from evalsoc.store.db import connect, open_store
from evalsoc.store.frames import Store
from evalsoc.store.ingest import ingest
from evalsoc.store.quotes import FreeText, campaign_free_texts, save_selection
from evalsoc.store.target import Target
from evalsoc.structures.registry import read_structures

CAMPAIGN = "2026"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    entry, ref = resolve("ardes-culture@1.1.0")
    root = tmp_path_factory.mktemp("citations")
    simulate_campaign(ref, load_entry(entry).hash or "", 12, 7, root / "retours", year=2026)
    _comment(root / "retours")
    registry = read_structures(root / "retours" / "structures.csv").structures
    ingest([root / "retours"], CAMPAIGN, root / "evalsoc.sqlite", 2026, registry=registry,
           workers=1)
    return root


def _comment(folder: Path) -> None:
    """Two comments beside the answers of each structure's own questionnaire."""
    for path in sorted(folder.glob("*.xlsx")):
        book = load_workbook(path)
        sheet = book[layout.QUESTIONNAIRE_SHEET]
        rows = [r for r in range(layout.FIRST_ROW, sheet.max_row + 1)
                if sheet.cell(r, layout.ID_COL).value and ":" not in str(
                    sheet.cell(r, layout.ID_COL).value)][:2]
        for n, row in enumerate(rows):
            sheet.cell(row, layout.COMMENT_COL).value = (
                f"Précision de {path.stem[-5:]} : chiffre estimé à partir du bilan {n + 1}.")
        book.save(path)


def _db(base: Path, tmp_path: Path) -> Path:
    """A copy of the module's base, for a test that writes a selection."""
    db = tmp_path / "evalsoc.sqlite"
    source = sqlite3.connect(base / "evalsoc.sqlite")
    target = sqlite3.connect(db)
    source.backup(target)
    source.close()
    target.close()
    return db


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def _texts(db: Path) -> list[FreeText]:
    with Store(db) as store:
        ref = load_sector_inputs(store, CAMPAIGN).referentiel
        return campaign_free_texts(store.conn, CAMPAIGN, text_questions_of(ref))


def _consents(db: Path) -> dict[str, str]:
    with Store(db) as store:
        return {str(k): str(v) for k, v in store.consents(CAMPAIGN).items()}


def _export(db: Path, out: Path) -> tuple[Workbook, list[str]]:
    code, output = _run("citations", "exporter", "--campagne", CAMPAIGN, "--db", str(db),
                        "-o", str(out))
    assert code == 0, output
    book = load_workbook(out)
    sheet = book["Citations"]
    return book, [str(c.value) for c in sheet[1]]


def _mark(path: Path, wanted: dict[int, str], edits: dict[int, str] | None = None,
          column_values: dict[tuple[int, str], str] | None = None) -> None:
    """Rows (2 = first data row) marked with a value of « publier », and edits."""
    book = load_workbook(path)
    sheet = book["Citations"]
    head = [str(c.value) for c in sheet[1]]
    for row, value in wanted.items():
        sheet.cell(row, head.index("publier") + 1).value = value
    for row, value in (edits or {}).items():
        sheet.cell(row, head.index("texte_retenu") + 1).value = value
    for (row, column), value in (column_values or {}).items():
        sheet.cell(row, head.index(column) + 1).value = value
    book.save(path)


def _rows(path: Path) -> list[dict[str, str]]:
    sheet = load_workbook(path)["Citations"]
    head = [str(c.value) for c in sheet[1]]
    return [{h: ("" if v is None else str(v)) for h, v in zip(head, row, strict=True)}
            for row in sheet.iter_rows(min_row=2, values_only=True)]


def _selection_rows(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM quote_selection").fetchone()[0])
    finally:
        conn.close()


# Q1 ------------------------------------------------------------------------------------


def test_q1_every_free_text_is_listed_with_its_consent(base: Path, tmp_path: Path) -> None:
    db = base / "evalsoc.sqlite"
    out = tmp_path / "citations.xlsx"
    book, head = _export(db, out)
    rows = _rows(out)
    texts = _texts(db)
    assert len(rows) == len(texts) > 100
    assert {r["nature"] for r in rows} == {"réponse", "commentaire"}  # comments included
    consents = _consents(db)
    assert {r["consentement"] for r in rows} == {"nominative", "anonyme", "aucune"}
    for r in rows:
        assert r["consentement"] == consents[r["structure"]]
        assert r["diffusion"].startswith("sa fiche seulement") == (r["consentement"] == "aucune")
        assert r["publier"] == "" and r["libelle"] and r["groupe"]
    # formula-like and HTML texts are written as text, never as formulas
    sheet = book["Citations"]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert sheet.freeze_panes == "D2"
    assert sheet.protection.sheet
    publish, kept = head.index("publier") + 1, head.index("texte_retenu") + 1
    assert not sheet.cell(2, publish).protection.locked
    assert not sheet.cell(2, kept).protection.locked
    assert sheet.cell(2, head.index("texte") + 1).protection.locked
    [rule] = sheet.data_validations.dataValidation
    assert rule.formula1 == '"oui,non"' and str(rule.sqref).startswith("N2")


def test_q1_unknown_campaign_is_refused(base: Path, tmp_path: Path) -> None:
    code, output = _run("citations", "exporter", "--campagne", "2031", "--db",
                        str(base / "evalsoc.sqlite"), "-o", str(tmp_path / "c.xlsx"))
    assert code == 2 and "DB" in output and "2031" in output
    assert not (tmp_path / "c.xlsx").exists()


# Q2 ------------------------------------------------------------------------------------


def test_q2_errors_are_located_and_nothing_is_saved(base: Path, tmp_path: Path) -> None:
    db = _db(base, tmp_path)
    out = tmp_path / "citations.xlsx"
    _export(db, out)
    _mark(out, {2: "oui"})
    code, output = _run("citations", "importer", "--campagne", CAMPAIGN, "--db", str(db),
                        str(out))
    assert code == 0 and _selection_rows(db) == 1, output
    _mark(out, {3: "peut-être", 4: "oui", 5: "oui", 6: "oui"},
          column_values={(4, "texte"): "Un texte réécrit par quelqu'un",
                         (5, "campagne"): "2025", (6, "structure"): "S9999"})
    code, output = _run("citations", "importer", "--campagne", CAMPAIGN, "--db", str(db),
                        str(out))
    assert code == 1, output
    assert "[CIT002]" in output and "Citations!N3" in output and "« peut-être »" in output
    assert "[CIT003]" in output and "Citations!M4" in output
    assert "[CIT004]" in output and "Citations!A5" in output and "--campagne 2025" in output
    assert "[CIT005]" in output and "Citations!B6" in output and "S9999" in output
    assert "rien n'est enregistré" in output
    assert _selection_rows(db) == 1  # the previous selection stays


def test_q2_consent_and_edits_are_warned(base: Path, tmp_path: Path) -> None:
    db = _db(base, tmp_path)
    out = tmp_path / "citations.xlsx"
    _export(db, out)
    rows = _rows(out)
    refused = next(n for n, r in enumerate(rows, start=2) if r["consentement"] == "aucune")
    other = next(n for n, r in enumerate(rows, start=2) if r["consentement"] != "aucune")
    longer = next(n for n in range(2, len(rows) + 2) if n not in (refused, other))
    _mark(out, {refused: "OUI", other: "non"}, edits={other: "raccourci"})
    code, output = _run("citations", "importer", "--campagne", CAMPAIGN, "--db", str(db),
                        str(out))
    assert code == 0, output
    assert "[CIT009]" in output and f"Citations!N{refused}" in output
    assert "[CIT010]" in output and f"Citations!O{other}" in output
    _mark(out, {longer: "oui"}, edits={longer: rows[longer - 2]["texte"] + " et bien plus"})
    code, output = _run("citations", "importer", "--campagne", CAMPAIGN, "--db", str(db),
                        str(out))
    assert code == 1 and "[CIT011]" in output, output


def test_q2_a_workbook_that_is_not_one_is_refused(base: Path, tmp_path: Path) -> None:
    db = _db(base, tmp_path)
    fake = tmp_path / "citations.xlsx"
    fake.write_text("structure;texte\nS0001;bonjour\n", encoding="utf-8")
    code, output = _run("citations", "importer", "--campagne", CAMPAIGN, "--db", str(db),
                        str(fake))
    assert code == 1 and "XL" in output and "rien n'est enregistré" in output
    book, _ = _export(db, tmp_path / "vrai.xlsx")
    book.remove(book["Citations"])
    book.save(tmp_path / "sans-onglet.xlsx")
    code, output = _run("citations", "importer", "--campagne", CAMPAIGN, "--db", str(db),
                        str(tmp_path / "sans-onglet.xlsx"))
    assert code == 1 and "[CIT007]" in output and "Mode d'emploi" in output


# Q3 ------------------------------------------------------------------------------------


def test_q3_a_new_import_replaces_the_selection(base: Path, tmp_path: Path) -> None:
    db = _db(base, tmp_path)
    out = tmp_path / "citations.xlsx"
    _export(db, out)
    _mark(out, {2: "oui", 3: "oui", 4: "oui"})
    assert _run("citations", "importer", "--campagne", CAMPAIGN, "--db", str(db),
                str(out))[0] == 0
    assert _selection_rows(db) == 3
    _mark(out, {2: "non", 3: "", 4: "oui"})
    code, output = _run("citations", "importer", "--campagne", CAMPAIGN, "--db", str(db),
                        str(out))
    assert code == 0 and "1 citation(s) retenue(s)" in output
    assert _selection_rows(db) == 1
    with Store(db) as store:
        selection = load_sector_inputs(store, CAMPAIGN).selection
    assert selection.made and len(selection.quotes) == 1 and not selection.stale


# Q4 ------------------------------------------------------------------------------------


def _publication(db: Path) -> Publication:
    with Store(db) as store:
        return Publication(load_sector_inputs(store, CAMPAIGN))


def _select_all(db: Path) -> list[FreeText]:
    texts = _texts(db)
    conn = connect(db)
    try:
        save_selection(conn, CAMPAIGN, texts, "citations.xlsx", "0" * 64, len(texts))
    finally:
        conn.close()
    return texts


def test_q4_without_selection_no_free_text_is_published(base: Path) -> None:
    publication = _publication(base / "evalsoc.sqlite")
    assert not publication.quotes.made and not publication.quotes.quotes
    report = build_sector_report(publication)
    assert any("Aucune citation sélectionnée" in n for n in report.secrecy_notes)
    voices = [s for s in report.sections if s.id.startswith("paroles")]
    assert [s.id for s in voices] == ["paroles"]
    assert [b.kind for b in voices[0].blocks] == ["paragraph"]


def test_q4_quotes_follow_consent(base: Path, tmp_path: Path) -> None:
    db = _db(base, tmp_path)
    texts = _select_all(db)
    publication = _publication(db)
    population = publication.population
    names = dict(zip(publication.inputs.structures["structure_id"].astype(str),
                     publication.inputs.structures["nom"].astype(str), strict=True))
    quotes = publication.quotes.quotes
    assert quotes
    for q in quotes:
        assert q.structure_id in population.included
        assert (q.structure == names[q.structure_id]) == (q.structure_id in population.named)
        assert q.structure_id in population.named or q.structure == ""
    refused = {t.structure_id for t in texts} - population.included
    assert refused and publication.quotes.withheld[NOT_CONSENTED] == sum(
        1 for t in texts if t.structure_id in refused)
    report = build_sector_report(publication)
    printed = [i for s in report.sections if s.id.startswith("paroles")
               for b in s.blocks if isinstance(b, Quotes) for i in b.items]
    assert len(printed) == len(quotes)
    assert any(not q.structure for q in quotes) and any(q.structure for q in quotes)


def test_q4_an_anonymous_quote_naming_a_structure_is_withheld(base: Path,
                                                               tmp_path: Path) -> None:
    db = _db(base, tmp_path)
    publication = _publication(db)
    anonymous = sorted(publication.population.included - publication.population.named)
    texts = [t for t in _texts(db) if t.structure_id == anonymous[0]][:2]
    other = publication.inputs.structures
    name = str(other[other["structure_id"] == anonymous[1]]["nom"].iloc[0])
    edited = [FreeText(*texts[0].key, text=texts[0].text, shown=f"Comme chez {name}."),
              texts[1]]
    conn = connect(db)
    try:
        save_selection(conn, CAMPAIGN, edited, "c.xlsx", "0" * 64, 2)
    finally:
        conn.close()
    quotes = _publication(db).quotes
    assert quotes.withheld == {NAMES_IN_TEXT: 1} and len(quotes.quotes) == 1
    assert quotes.quotes[0].structure == ""


# Q5, Q6 --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def written(base: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A selection made through the CLI (every fifth row, one edited), a forged row of a
    non-consenting structure added in the base, then the synthèse and the fiches."""
    root = tmp_path_factory.mktemp("ecrits")
    db = _db(base, root)
    out = root / "citations.xlsx"
    _export(db, out)
    rows = _rows(out)
    marks = {n: "oui" for n in range(2, len(rows) + 2, 5)
             if rows[n - 2]["consentement"] != "aucune"}
    _mark(out, marks, edits={min(marks): rows[min(marks) - 2]["texte"][:25]})
    code, output = _run("citations", "importer", "--campagne", CAMPAIGN, "--db", str(db),
                        str(out))
    assert code == 0, output
    refused = next(r for r in rows if r["consentement"] == "aucune")
    conn = sqlite3.connect(db)  # the attack: a row forged straight into the base
    conn.execute("INSERT INTO quote_selection SELECT campaign_id, 999, ?, ?, ?, ?, ?, ?, ? "
                 "FROM quote_imports", (refused["structure"], refused["groupe"],
                                        refused["repondant"], refused["question"],
                                        refused["nature"], refused["texte"],
                                        refused["texte"]))
    conn.commit()
    conn.close()
    docs = root / "rapports"
    code, output = _run("report", "sector", "--campagne", CAMPAIGN, "--db", str(db), "-o",
                        str(docs), "--format", "html,odt,xlsx")
    assert code == 0, output
    code, output = _run("report", "structure", "--campagne", CAMPAIGN, "--db", str(db), "-o",
                        str(docs / "fiches"), "--format", "html,odt", "-q", "--workers", "1")
    assert code == 0, output
    return db, docs


@pytest.mark.slow
def test_q5_the_synthesis_and_fiches_print_selected_quotes_only(
        written: tuple[Path, Path]) -> None:
    db, docs = written
    publication = _publication(db)
    html = (docs / "synthese-2026.html").read_text(encoding="utf-8")
    assert "Paroles des structures" in html and "Citations choisies" in html
    for quote in publication.quotes.quotes:
        assert quote.text.replace("'", "&#39;") in html
    assert publication.quotes.withheld[NOT_CONSENTED] == 1  # the forged row
    owners = {q.structure_id for q in publication.inputs.selection.quotes}
    fiches = sorted((docs / "fiches").glob("*_fiche-2026.html"))
    assert len(fiches) == 12
    without = [f for f in fiches if not any(f"_{o}_" in f.name for o in owners)]
    assert without and all("Aucune citation sélectionnée"
                           in f.read_text(encoding="utf-8") for f in without)


@pytest.mark.slow
def test_q6_the_audit_passes_on_every_output_with_quotes(written: tuple[Path, Path]) -> None:
    db, docs = written
    code, output = _run("audit", "--campagne", CAMPAIGN, "--db", str(db), "--documents",
                        str(docs))
    assert code == 0, output
    assert "Citations : " in output and "aucun texte libre non permis" in output
    audit = audit_quotes(_publication(db), [docs])
    assert audit.clean and audit.published > 5 and audit.documents == 3 + 2 * 12


@pytest.mark.slow
def test_q6_an_output_with_an_unselected_text_fails_the_audit(
        written: tuple[Path, Path], tmp_path: Path) -> None:
    db, docs = written
    publication = _publication(db)
    printed = {q.text for q in publication.quotes.quotes}
    unselected = next(t for t in publication.inputs.selection.texts
                      if t.text not in printed and len(t.text) > 30
                      and not any(t.text in p or p in t.text for p in printed))
    page = (docs / "synthese-2026.html").read_text(encoding="utf-8")
    forged = tmp_path / "synthese-2026.html"
    forged.write_text(page.replace("</main>", f"<p>« {unselected.text} »</p></main>"),
                      encoding="utf-8")
    code, output = _run("audit", "--campagne", CAMPAIGN, "--db", str(db), "--documents",
                        str(forged))
    assert code == 1 and "[CIT025]" in output, output
    # an anonymous quote followed by its structure's name
    anonymous = next(q for q in publication.quotes.quotes if not q.structure)
    names = publication.inputs.structures.set_index("structure_id")["nom"]
    named = page.replace(f"« {anonymous.text} »".replace("'", "&#39;"),
                         f"« {anonymous.text} » ({names[anonymous.structure_id]})", 1)
    assert named != page
    forged.write_text(named, encoding="utf-8")
    code, output = _run("audit", "--campagne", CAMPAIGN, "--db", str(db), "--documents",
                        str(forged))
    assert code == 1 and "[CIT026]" in output, output
    # a fiche carrying another structure's quote
    fiche = sorted((docs / "fiches").glob("*_fiche-2026.html"))[0]
    other = next(q for q in publication.quotes.quotes if f"_{q.structure_id}_" not in fiche.name
                 and len(q.text) > 30)
    copy = tmp_path / fiche.name
    copy.write_text(fiche.read_text(encoding="utf-8").replace(
        "</main>", f"<p>{other.text}</p></main>"), encoding="utf-8")
    code, output = _run("audit", "--campagne", CAMPAIGN, "--db", str(db), "--documents",
                        str(copy))
    assert code == 1 and "[CIT029]" in output, output


def test_q6_a_published_quote_outside_the_rules_is_reported(base: Path,
                                                            tmp_path: Path) -> None:
    """The publication's own quotes are checked against the raw selection and consents:
    a quote attributed to a structure that is not « nominative » is caught."""
    db = _db(base, tmp_path)
    _select_all(db)
    publication = _publication(db)
    assert audit_quotes(publication).clean
    quotes = publication.quotes
    anonymous = next(q for q in quotes.quotes if not q.structure)
    tampered = type(anonymous)(anonymous.text, "Nom imprimé", anonymous.group,
                               anonymous.question, anonymous.nature, anonymous.structure_id)
    publication.__dict__["quotes"] = type(quotes)(True, (tampered,), {}, 0)
    audit = audit_quotes(publication)
    assert not audit.clean and audit.problems[0].code == "CIT028"
    assert "nominative" in audit.problems[0].message


def test_q6_write_sector_report_keeps_the_quotes_in_every_format(base: Path,
                                                                 tmp_path: Path) -> None:
    db = _db(base, tmp_path)
    _select_all(db)
    publication = _publication(db)
    report = build_sector_report(publication)
    files = write_sector_report(report, tmp_path / "out", ("html", "odt"))
    audit = audit_quotes(publication, files.values())
    assert audit.clean and audit.documents == 2


def test_q3_the_selection_is_kept_on_both_backends(
        base: Path, make_target: Callable[[str], Target]) -> None:
    """Migration 8 and the one-transaction replacement, on SQLite and PostgreSQL."""
    target = make_target("citations")
    registry = read_structures(base / "retours" / "structures.csv").structures
    ingest([base / "retours"], CAMPAIGN, target, 2026, registry=registry, workers=1)
    with Store(target) as store:
        inputs = load_sector_inputs(store, CAMPAIGN)
    texts = inputs.selection.texts
    assert not inputs.selection.made and len(texts) == len(_texts(base / "evalsoc.sqlite"))
    conn = open_store(target, write=True)
    try:
        save_selection(conn, CAMPAIGN, texts[:3], "c.xlsx", "0" * 64, len(texts))
        save_selection(conn, CAMPAIGN, texts[3:4], "c.xlsx", "1" * 64, len(texts))
    finally:
        conn.close()
    with Store(target) as store:
        selection = load_sector_inputs(store, CAMPAIGN).selection
    assert selection.made and not selection.stale
    assert [(q.key, q.text, q.printed) for q in selection.quotes] == [
        (texts[3].key, texts[3].text, texts[3].text)]


@pytest.mark.slow
def test_q4_the_collective_restitution_has_the_selected_quotes(
        tmp_path: Path) -> None:
    """A small group (fewer than 10 structures in the figures): the quotes follow the
    transversal reading, under the same rules."""
    entry, ref = resolve("ardes-culture@1.1.0")
    simulate_campaign(ref, load_entry(entry).hash or "", 6, 3, tmp_path / "retours", year=2026)
    registry = read_structures(tmp_path / "retours" / "structures.csv").structures
    db = tmp_path / "evalsoc.sqlite"
    ingest([tmp_path / "retours"], CAMPAIGN, db, 2026, registry=registry, workers=1)
    texts = _select_all(db)
    publication = _publication(db)
    report = build_sector_report(publication)
    ids = [s.id for s in report.sections]
    assert ids[1] == "lecture-transversale" and ids[2] == "paroles"
    printed = {i.text for s in report.sections if s.id.startswith("paroles")
               for b in s.blocks if isinstance(b, Quotes) for i in b.items}
    allowed = {" ".join(t.text.split()) for t in texts
               if t.structure_id in publication.population.included}
    assert printed and printed <= allowed
    assert len(publication.population.included - publication.population.named) >= 3 or all(
        q.structure for q in publication.quotes.quotes)  # too few unnamed: none unattributed
