"""The synthèse sectorielle: one model, three renderings, secrecy and consent kept.

Requirements checked here (the sector report of DOMAIN.md §4, §6 and §8):
- SEC1 a group of 2 structures is never published under its own label (merged into
  « Autres disciplines ») in the HTML, the PDF text and the workbook; every figure comes
  from the campaign's publication, which the auditor finds clean;
- SEC2 a structure is named only with consent « nominative »: the name of a structure
  that refused, or agreed to anonymous use only, appears in no file, and a refusing
  structure enters no figure (the report says how many were left out);
- SEC3 user text (names, registry values) is inert: no script, no event attribute, no
  javascript: link in the HTML; plain text in the PDF; text cells in the workbook, even
  when it starts with = + - @;
- SEC4 the HTML and the PDF carry the same figures (both render one view);
- SEC5 the HTML opens in a real browser without console error or request, with every
  chart; the PDF has a sensible number of pages, none blank;
- SEC6 a relaxed threshold is explicit: written on the cover, in the notes and the file
  name; stakes without tagged indicators are said to be out of reach;
- SEC7 the CLI writes the files, prints where they are, and keeps its exit codes.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from browser import browser_problems as _browser_problems
from browser import run_chromium as _chromium
from click.testing import CliRunner
from editable_text import html_tables, odt_tables, odt_text
from external import client
from matplotlib import image
from openpyxl import load_workbook

from evalsoc.answers.model import StructureInfo
from evalsoc.cli.main import cli
from evalsoc.cli.report_sector import SECTOR_FORMATS
from evalsoc.publish.inputs import SectorInputs, load_sector_inputs
from evalsoc.publish.notes import count_text
from evalsoc.publish.publication import Publication
from evalsoc.publish.review import review
from evalsoc.publish.stake_facts import COUNT as FIGURE
from evalsoc.referentiel.model import Referentiel
from evalsoc.referentiel.registry import load_entry, resolve
from evalsoc.reports.sector.build import build_sector_report
from evalsoc.reports.sector.model import SectorReport, Table
from evalsoc.reports.sector.render import SECTOR_FORMATS as RENDER_FORMATS
from evalsoc.reports.sector.render import render_sector, write_sector_report
from evalsoc.reports.sector.view import sector_view
from evalsoc.simulate import BASE_YEAR, simulate_campaign
from evalsoc.stats import SecrecyRules
from evalsoc.store.frames import Store
from evalsoc.store.ingest import ingest
from evalsoc.structures.registry import read_structures
from evalsoc.support.formatting import whole_score

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
COUNT = 14
SEED = 15  # 11 of the 14 simulated workbooks say « nominative »
BEFORE, AFTER = str(BASE_YEAR), str(BASE_YEAR + 1)
PAIR = "danse"  # the discipline of exactly two structures
REFUSED = "Association Zéphyrine Confidentielle"  # consent « aucune »
ANONYMOUS = "Compagnie Quetzalcoatl Anonyme"  # consent « anonyme »
PAYLOADS = (
    '=HYPERLINK("http://example.invalid","x")<script>alert(1)</script>',
    "<img src=x onerror=alert(2)> javascript:alert(3)",
    "@SUM(1+1) Les Amis du Pré",
    "+33 Festival du Plus",
    "-Moins Théâtre",
)
OTHERS = ("théâtre", "festival", "musiques actuelles")
NNBSP = "\u202f"


def _registry(folder: Path) -> list[StructureInfo]:
    """The simulated registry, with a discipline of two, refused and anonymous consents,
    and hostile names. The pair and the hostile names go to structures whose own
    workbooks say « nominative » (the stricter of registry and workbook applies)."""
    found = sorted(read_structures(folder / "structures.csv").structures, key=lambda s: s.id)
    named = [s for s in found if s.consentement == "nominative"]
    assert len(named) >= 2 + len(PAYLOADS), "the simulation seed gives enough « nominative »"
    roles: dict[str, dict[str, Any]] = {}
    for info in named[:2]:
        roles[info.id] = {"discipline": PAIR}
    for payload, info in zip(PAYLOADS, named[2:], strict=False):
        roles[info.id] = {"name": payload}
    rest = [s for s in found if s.id not in roles]
    roles[rest[0].id] = {"name": REFUSED, "consentement": "aucune"}
    roles[rest[1].id] = {"name": ANONYMOUS, "consentement": "anonyme"}
    out = []
    for k, info in enumerate(found):
        update: dict[str, Any] = {"discipline": OTHERS[k % 3], "consentement": "nominative",
                                  **roles.get(info.id, {})}
        out.append(info.model_copy(update=update))
    return out


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two campaigns of the same 14 structures, simulated, then ingested."""
    root = tmp_path_factory.mktemp("secteur")
    entry, ref = resolve("ardes-culture@1.0.0")
    ref_hash = load_entry(entry).hash or ""
    db = root / "evalsoc.db"
    registry: list[StructureInfo] = []
    for year, name in ((BASE_YEAR, BEFORE), (BASE_YEAR + 1, AFTER)):
        folder = root / name
        simulate_campaign(ref, ref_hash, COUNT, SEED, folder, messy=year == BASE_YEAR, year=year)
        registry = registry or _registry(folder)
        summary = ingest([folder], name, db, year=year, registry=registry, workers=1)
        assert summary.ingested == COUNT and not summary.rejected
    small = sorted((root / AFTER).glob("*_S000[12].xlsx"))
    assert len(small) == 2
    ingest(small, "petite", db, year=BASE_YEAR + 2, workers=1)
    return db


@pytest.fixture(scope="module")
def inputs(store: Path) -> SectorInputs:
    with Store(store) as opened:
        return load_sector_inputs(opened, AFTER, BEFORE)


@pytest.fixture(scope="module")
def publication(inputs: SectorInputs) -> Publication:
    return Publication(inputs)


@pytest.fixture(scope="module")
def report(publication: Publication) -> SectorReport:
    return build_sector_report(publication, edited="1 mars 2027")


@pytest.fixture(scope="module")
def files(report: SectorReport, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_sector_report(report, tmp_path_factory.mktemp("synthese"))


@pytest.fixture(scope="module")
def pdf_text(files: dict[str, Path]) -> str:
    done = subprocess.run([client("pdftotext"), "-layout", str(files["pdf"]), "-"],
                          capture_output=True, text=True, check=True)
    return done.stdout


def _flat(text: str) -> str:
    return " ".join(text.replace(NNBSP, " ").replace("\u00a0", " ").split())


class _Page(HTMLParser):
    """Every start tag with its attributes, the text, and the cells of each table."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        if tag == "table":
            self._table = dict(attrs).get("id") or ""
            self.tables[self._table] = []
        elif tag == "tr" and self._table is not None:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._table is not None:
            self.tables[self._table][-1].append("".join(self._cell))
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


@pytest.fixture(scope="module")
def page(files: dict[str, Path]) -> _Page:
    parsed = _Page()
    parsed.feed(files["html"].read_text(encoding="utf-8"))
    return parsed


def _sheet_rows(path: Path, sheet: str) -> list[list[Any]]:
    book = load_workbook(path, read_only=True)
    rows = [list(r) for r in book[sheet].iter_rows(values_only=True)]
    book.close()
    return rows


def _workbook_strings(path: Path) -> Iterator[tuple[str, Any]]:
    book = load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield cell.data_type, cell.value


def _table(report: SectorReport, id: str) -> Table:
    return next(t for t in report.tables() if t.id == id)


# SEC1 ---------------------------------------------------------------------------------


def test_sec1_every_figure_is_audited_and_small_groups_merged(
        publication: Publication, report: SectorReport) -> None:
    assert publication.result is not None and publication.result.clean
    assert not publication.unfixable and review(publication).clean
    disciplines = {r.texts[1] for r in _table(report, "scores-discipline").rows}
    assert PAIR not in disciplines and "Autres disciplines" in disciplines
    # every statistic a report table prints is one of the publication's
    published = {round(float(v), 6) for t in publication.tables.values()
                 for c in t.attrs.get("evalsoc.stats", {}).get("stats", [])
                 for v in t[c].dropna()}
    # the share of staff trained (a stake fact) is the ratio of two published sums
    facts = publication.table("enjeux-faits:ensemble").set_index("question")["somme"]
    published.add(round(float(facts[f"{FIGURE}formation_formes"])
                        / float(facts[f"{FIGURE}formation_repondants"]), 6))
    for table in (t for t in report.tables() if t.protected):
        for row in table.rows:
            for column, value in zip(table.columns, row.values, strict=True):
                if column.stat and isinstance(value, float) and column.key != "part_haut":
                    assert round(value, 6) in published, (table.id, column.key, value)


@pytest.mark.external
def test_sec1_pair_never_shown_on_its_own(page: _Page, pdf_text: str,
                                          files: dict[str, Path]) -> None:
    assert not [r for r in page.tables["t-scores-discipline"] if len(r) > 1 and r[1] == PAIR]
    assert f" {PAIR} " not in f" {_flat(pdf_text)} "
    sheet = _sheet_rows(files["xlsx"], "scores-discipline")
    assert not [r for r in sheet[1:] if r[1] == PAIR]


# SEC2 ---------------------------------------------------------------------------------


@pytest.mark.external
def test_sec2_names_only_with_consent(page: _Page, pdf_text: str, files: dict[str, Path],
                                      publication: Publication) -> None:
    html = " ".join(page.text)
    strings = [str(v) for _, v in _workbook_strings(files["xlsx"])]
    named = PAYLOADS[2]
    assert named in html and named in _flat(pdf_text) and named in strings
    for hidden in (REFUSED, ANONYMOUS, "Zéphyrine", "Quetzalcoatl"):
        assert hidden not in html
        assert hidden not in _flat(pdf_text)
        assert not any(hidden in s for s in strings)
    assert "Structure n°" not in html  # pseudonyms are not listed either
    left = len(publication.population.left_out)
    assert left >= 1  # the registry's refusal, and the workbooks' own refusals
    counted = count_text(left, "structure évaluée", "structures évaluées")
    assert f"{counted} sans accord de publication" in _flat(html)


# SEC3 ---------------------------------------------------------------------------------


def test_sec3_payloads_are_inert_html(page: _Page, files: dict[str, Path]) -> None:
    assert not [t for t, _ in page.tags if t in ("script", "iframe", "object", "embed")]
    for tag, attrs in page.tags:
        for name, value in attrs:
            assert not name.lower().startswith("on"), (tag, name)
            if name in ("href", "src", "srcset", "action", "data", "poster"):
                assert value and value.startswith(("#", "data:")), (tag, name, value)
    text = " ".join(page.text)
    assert PAYLOADS[0] in text and PAYLOADS[1] in text  # shown as text, escaped
    raw = files["html"].read_text(encoding="utf-8")
    assert "<script" not in raw.lower() and "javascript:alert(3)" in raw


@pytest.mark.external
def test_sec3_payloads_are_text_in_pdf_and_workbook(pdf_text: str,
                                                    files: dict[str, Path]) -> None:
    bare = re.sub(r"\s", "", pdf_text)  # a long name wraps at any character
    for payload in PAYLOADS:
        assert re.sub(r"\s", "", payload) in bare, payload
    cells = {v: kind for kind, v in _workbook_strings(files["xlsx"]) if isinstance(v, str)}
    for payload in PAYLOADS:
        assert cells.get(payload) == "s", payload


# SEC4 ---------------------------------------------------------------------------------


@pytest.mark.external
def test_sec4_html_and_pdf_carry_the_same_figures(report: SectorReport, page: _Page,
                                                  pdf_text: str) -> None:
    view = sector_view(report)
    flat = f" {_flat(pdf_text)} "
    # pdftotext keeps a row on one line but not always the narrow spaces: compare the
    # row's figures, in order, with the spaces taken out
    lines = "\n".join(re.sub(r"\s", "", ln) for ln in pdf_text.splitlines())
    checked = 0
    for section in view["sections"]:
        for block in section["blocks"]:
            if block["kind"] == "paragraph":
                start = _flat(block["text"])[:60]
                assert start in _flat(" ".join(page.text)) and start in flat, start
            if block["kind"] != "table" or block["table"]["layout"] != "table":
                continue
            table = block["table"]
            html_rows = page.tables[f"t-{table['id']}"][1:]
            assert [[_flat(c) for c in r] for r in html_rows] == [
                [_flat(c) for c in r["cells"]] for r in table["rows"]]
            for row in table["rows"]:
                numbers = "".join(re.sub(r"\s", "", row["cells"][i]) for i in table["numeric"])
                assert numbers in lines, (table["id"], row["cells"])
                checked += 1
    assert checked > 100


def test_sec4_odt_carries_the_html_figures(report: SectorReport, files: dict[str, Path]
                                           ) -> None:
    """The editable copy (issue 19, Build 7): every table of the page cell for cell,
    every paragraph, key message and heading."""
    tables = odt_tables(files["odt"])
    assert tables == html_tables(files["html"]) and len(tables) > 10
    text = odt_text(files["odt"])
    view = sector_view(report)
    checked = 0
    for section in view["sections"]:
        assert _flat(section["title"]) in text
        for block in section["blocks"]:
            if block["kind"] == "paragraph":
                assert _flat(block["text"]) in text, block["text"]
                checked += 1
    assert checked > 5


def test_sec4_model_is_pure(publication: Publication, report: SectorReport) -> None:
    assert build_sector_report(publication, edited="1 mars 2027") == report
    assert report.stem == f"synthese-{AFTER}_depuis-{BEFORE}"
    titles = [s.title for s in report.sections]
    assert titles[0] == "Messages clés" and titles[-1] == "Annexe : méthode"
    assert any(t.startswith("Évolution depuis") for t in titles)


# SEC5 ---------------------------------------------------------------------------------


@pytest.mark.external
def test_sec5_chromium_draws_every_chart_without_request(
        report: SectorReport, files: dict[str, Path], tmp_path: Path) -> None:
    done = _chromium(files["html"], tmp_path, "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    assert not _browser_problems(done.stderr), _browser_problems(done.stderr)
    charts = report.charts()
    assert len(charts) >= 10
    assert len(re.findall(r'<svg[^>]* role="img"', done.stdout)) == len(charts)
    for chart in charts:
        assert f'id="{chart.id}"' in done.stdout


@pytest.mark.external
def test_sec5_chromium_screenshot_is_kept_and_not_blank(files: dict[str, Path],
                                                         tmp_path: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "synthese-sectorielle.png"
    shot.unlink(missing_ok=True)
    done = _chromium(files["html"], tmp_path, f"--screenshot={shot}",
                     "--window-size=1240,1754")
    assert done.returncode == 0 and shot.is_file(), done.stderr[-2000:]
    assert not _browser_problems(done.stderr)
    pixels = image.imread(shot)
    assert pixels.shape[0] >= 1700 and float(np.std(pixels[..., :3])) > 0.05


@pytest.mark.external
def test_sec5_pdf_pages_are_sensible_and_none_is_blank(files: dict[str, Path],
                                                       tmp_path: Path) -> None:
    subprocess.run([client("pdftoppm"), "-png", "-r", "50", str(files["pdf"]), str(tmp_path / "p")],
                   check=True, capture_output=True)
    pages = sorted(tmp_path.glob("p-*.png"))
    assert 5 <= len(pages) <= 30
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(pages[0], ARTIFACTS / "synthese-sectorielle-page-1.png")
    for path in pages:
        pixels = image.imread(path)[..., :3]
        body = pixels[: int(pixels.shape[0] * 0.9)]  # the footer is on every page
        inked = float((body.mean(axis=2) < 0.8).mean())
        assert inked > 0.003, path.name


# SEC6 ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_sec6_lowered_threshold_is_explicit(inputs: SectorInputs, tmp_path: Path) -> None:
    lowered = build_sector_report(Publication(inputs, SecrecyRules(min_structures=2)))
    assert lowered.stem.endswith("_seuil-2")
    assert lowered.warnings and "Seuil abaissé à 2" in lowered.warnings[0]
    pair = [r for r in _table(lowered, "scores-discipline").rows if PAIR in r.texts]
    assert pair  # a group of 2 is a group of its own at this threshold
    paths = write_sector_report(lowered, tmp_path, ["html", "xlsx"])
    assert "Seuil abaissé à 2" in paths["html"].read_text(encoding="utf-8")
    notes = _sheet_rows(paths["xlsx"], "Notes")
    assert any("Seuil abaissé à 2" in str(r[1]) for r in notes)
    pdf = render_sector(lowered, ["pdf"])["pdf"]
    assert pdf.startswith(b"%PDF")


def _untagged(ref: Referentiel) -> Referentiel:
    def strip(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: [] if k == "tags" else strip(v) for k, v in node.items()}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node
    return Referentiel.model_validate(strip(ref.model_dump(mode="json")))


def test_sec6_stakes_read_from_tags_or_said_out_of_reach(report: SectorReport,
                                                         inputs: SectorInputs) -> None:
    stakes = [s for s in report.sections if s.id.startswith("enjeu-")]
    assert [s.id for s in stakes] == ["enjeu-structuration", "enjeu-decloisonnement",
                                      "enjeu-professionnalisation", "enjeu-accompagnement"]
    for section in stakes:
        tables = [b.table for b in section.blocks if b.kind == "table"
                  and b.table.id == section.id]
        assert len(tables) == 1 and tables[0].rows
        # the sector facts, where the référentiel asks them, come first
        ids = [b.table.id for b in section.blocks if b.kind == "table"]
        assert ids.index(section.id) == len(ids) - 1
        assert f"{section.id}-faits" not in ids or ids[0] == f"{section.id}-faits"
        assert any(b.kind == "paragraph" and "rattaché" in b.text for b in section.blocks)
    assert any(b.kind == "table" and b.table.id == "enjeu-structuration-faits"
               for b in stakes[0].blocks)
    bare = build_sector_report(Publication(dataclasses.replace(
        inputs, referentiel=_untagged(inputs.referentiel))))
    for section in (s for s in bare.sections if s.id.startswith("enjeu-")):
        texts = [b.text for b in section.blocks if b.kind == "paragraph"]
        assert any("Aucun indicateur noté" in t for t in texts)
        assert not any(b.kind == "table" and b.table.id == section.id
                       for b in section.blocks)


# SEC7 ---------------------------------------------------------------------------------


def test_sec7_cli_writes_and_says_where(store: Path, tmp_path: Path) -> None:
    assert SECTOR_FORMATS == RENDER_FORMATS
    out = tmp_path / "sorties"
    run = CliRunner().invoke(cli, ["report", "sector", "--campagne", AFTER, "--precedente",
                                   BEFORE, "--db", str(store), "-o", str(out),
                                   "--format", "html,xlsx"])
    assert run.exit_code == 0, run.output
    assert sorted(p.name for p in out.iterdir()) == [
        f"synthese-{AFTER}_depuis-{BEFORE}.html", f"synthese-{AFTER}_depuis-{BEFORE}.xlsx"]
    assert str(out / f"synthese-{AFTER}_depuis-{BEFORE}.html") in run.output


def test_sec7_cli_exit_codes(store: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    base = ["report", "sector", "--db", str(store), "-o", str(tmp_path / "x")]
    assert runner.invoke(cli, [*base, "--campagne", "inconnue"]).exit_code == 2
    assert runner.invoke(cli, [*base, "--campagne", AFTER, "--format", "doc"]).exit_code == 2
    missing = ["report", "sector", "--db", str(tmp_path / "absente.db"), "--campagne", AFTER,
               "-o", str(tmp_path / "x")]
    assert runner.invoke(cli, missing).exit_code == 2
    few = runner.invoke(cli, [*base, "--campagne", "petite", "--format", "html"])
    assert few.exit_code == 1, few.output
    html = (tmp_path / "x" / "synthese-petite.html").read_text(encoding="utf-8")
    # two structures: a restitution collective, whose body prints no total of theirs
    assert "restitution collective" in html and "répondants</" not in html
    assert "<strong>secret</strong>" not in html


# SEC8 (issue 19): findings first -------------------------------------------------------

FIRST_SCREEN = (1280, 900)
_MEASURE = """<script>
window.addEventListener("load", () => {
  const list = document.querySelector("ol.messages");
  const box = list ? list.getBoundingClientRect() : null;
  document.body.setAttribute("data-messages-bottom", box ? String(box.bottom) : "none");
});
</script>"""


def _cell(table: Table, row: tuple[str, ...], column: str) -> tuple[Any, str]:
    keys = [i for i, c in enumerate(table.columns) if not c.stat]
    at = next(i for i, c in enumerate(table.columns) if c.key == column)
    found = [r for r in table.rows if tuple(r.texts[i] for i in keys[:len(row)]) == row]
    assert len(found) == 1, (table.id, row)
    return found[0].values[at], found[0].texts[at]


def test_sec8_each_key_message_quotes_published_cells(report: SectorReport, page: _Page,
                                                      publication: Publication) -> None:
    messages = report.messages()
    assert 5 <= len(messages) <= 8
    assert report.sections[0].title == "Messages clés"
    tables = {t.id: t for t in report.tables()}
    published = {round(float(v), 6) for t in publication.tables.values()
                 for c in t.attrs.get("evalsoc.stats", {}).get("stats", [])
                 for v in t[c].dropna()}
    years = {BEFORE, AFTER}
    for message in messages:
        assert message.target.removeprefix("t-") in tables, message.target
        assert f't-{message.target.removeprefix("t-")}' in page.tables
        quoted: set[str] = set()
        for figure in message.figures:
            value, text = _cell(tables[figure.table], figure.row, figure.column)
            assert (value, text) == (figure.value, figure.text), (message.text, figure)
            assert figure.text in message.text, (message.text, figure.text)
            if figure.column != "part_haut":  # a sum of published level shares
                assert round(figure.value, 6) in published, (message.text, figure)
            # the same text is in the HTML table the message points to
            html_rows = page.tables[f"t-{figure.table}"]
            assert any(figure.text in [_flat(c) for c in r] or figure.text in r
                       for r in html_rows), (figure.table, figure.text)
            quoted.update(re.findall(r"\d+", figure.text))
        # every number the sentence prints is a quoted cell, a campaign, or a rule's
        # documented constant (a level's code, the pistes threshold, « sur 100 »)
        ref = publication.inputs.referentiel
        constants = {str(lv.code) for lv in ref.levels} | {f"{ref.pistes_threshold:g}", "100"}
        stray = set(re.findall(r"\d+", message.text)) - quoted - years - constants
        assert not stray, (message.text, stray)


@pytest.mark.external
def test_sec8_first_screen_holds_the_key_messages(files: dict[str, Path],
                                                 tmp_path: Path) -> None:
    html = files["html"].read_text(encoding="utf-8")
    probe = tmp_path / "mesure.html"
    probe.write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
                     .replace("</body>", _MEASURE + "</body>"), encoding="utf-8")
    width, height = FIRST_SCREEN
    done = _chromium(probe, tmp_path, "--dump-dom", f"--window-size={width},{height}")
    assert done.returncode == 0, done.stderr[-2000:]
    found = re.search(r'data-messages-bottom="([\d.]+)"', done.stdout)
    assert found, "the page has its list of key messages"
    assert float(found.group(1)) <= height, found.group(1)
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "synthese-premier-ecran.png"
    shot.unlink(missing_ok=True)
    done = _chromium(files["html"], tmp_path, f"--screenshot={shot}",
                     f"--window-size={width},{height}")
    assert done.returncode == 0 and shot.is_file(), done.stderr[-2000:]
    pixels = image.imread(shot)
    assert pixels.shape[:2] == (height, width) and float(np.std(pixels[..., :3])) > 0.05


# Restitution collective ----------------------------------------------------------------


@pytest.fixture(scope="module")
def collective(tmp_path_factory: pytest.TempPathFactory) -> tuple[Publication, SectorReport]:
    """The seed's own scale: the ARDES collective, 6 simulated structures (seed 7)."""
    root = tmp_path_factory.mktemp("collectif")
    entry, ref = resolve("ardes-culture")
    simulate_campaign(ref, load_entry(entry).hash or "", 6, 7, root / "retours")
    db = root / "evalsoc.db"
    assert ingest([root / "retours"], "2026", db, workers=1).ingested == 6
    with Store(db) as opened:
        publication = Publication(load_sector_inputs(opened, "2026"))
    return publication, build_sector_report(publication)


def _main_body(report: SectorReport) -> list[Any]:
    ids = [s.id for s in report.sections]
    end = ids.index("participants") if "participants" in ids else len(ids)
    return list(report.sections[:end])


def test_collective_is_qualitative_audited_and_has_no_secret_cell(
        collective: tuple[Publication, SectorReport]) -> None:
    """Build 5: under 10 structures, findings in words and counts, no table of masked
    cells; every figure read from the audited publication."""
    publication, report = collective
    assert publication.result is not None and publication.result.clean
    assert "restitution collective" in report.subtitle
    ids = [s.id for s in report.sections]
    assert ids[:2] == ["messages-cles", "lecture-transversale"]
    assert not {"scores", "ventilations", "enjeux"} & {i.split("-")[0] for i in ids}
    body = _main_body(report)
    assert not [b for s in body for b in s.blocks if b.kind == "table"]
    text = " ".join(s.model_dump_json() for s in body)
    assert "« secret »" not in text and '"secret"' not in text
    transversal = next(s for s in body if s.id == "lecture-transversale")
    lines = next(b for b in transversal.blocks if b.kind == "bullets").items
    assert len(lines) == 6  # one per dimension, in words
    table = publication.table("secteur:ensemble")
    edges = [lv.min for lv in publication.inputs.referentiel.levels if lv.min > 0]
    for dim, line in zip(publication.inputs.referentiel.dimensions, lines, strict=True):
        row = table[(table["noeud"] == dim.id) & (table["type"] == "dimension")].iloc[0]
        if bool(row["masque"]):
            assert "trop peu" in line
        else:  # its count and its published mean, never a withheld figure
            assert line.startswith(f"{dim.label} : {int(row['n'])} structure"), line
            # as the reports print it: never at a level it does not reach (74.6 is 74)
            shown = whole_score(float(row["moyenne"]), edges)
            assert f"moyenne {shown:.0f} sur 100" in line, line


@pytest.mark.external
def test_collective_pdf_is_at_most_4_pages_without_secret(
        collective: tuple[Publication, SectorReport], tmp_path: Path) -> None:
    files = write_sector_report(collective[1], tmp_path)
    done = subprocess.run([client("pdftotext"), "-layout", str(files["pdf"]), "-"],
                          capture_output=True, text=True, check=True)
    pages = done.stdout.rstrip("\f").split("\f")
    assert len(pages) <= 4, len(pages)
    body = done.stdout.split("Structures participantes\n", 2)[-2]
    cells = re.findall(r"secret(?! statistique)", body, flags=re.IGNORECASE)
    assert not cells, body
    html = files["html"].read_text(encoding="utf-8")
    assert ">secret<" not in html
