"""The fiche structure: one model, an HTML page and a PDF that say the same thing.

F1 the model is a pure function of the scores and the campaign's figures: every
dimension, its critères, strengths at the top levels, weak critères with the
référentiel's pistes, divergence between groups, the evaluator's appreciation, and for
every node without a score the reason in plain French; no respondent id anywhere;
F2 the HTML and the PDF carry the same figures (every dimension score and level);
F3 user text (structure name, free-text answers) is inert: no script, no event
handler, no javascript: link in the HTML, literal text in the PDF;
F4 the HTML is self-contained: no request of any kind (checked in headless Chromium,
with every host unresolvable), no console error, every chart drawn;
F5 the PDF has 2 to 4 pages, none blank;
F6 files are named slug + stable id, written inside the output folder;
F7 ``evalsoc report structure``: exit codes 0/1/2, JSON equal to the library's result;
F8 quotes are limited in number and length, attributed to a group only.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from browser import browser_problems as _browser_problems
from browser import page_requests as _page_requests
from browser import run_chromium as _chromium
from click.testing import CliRunner
from editable_text import html_tables, odt_tables, odt_text
from external import client
from matplotlib import image
from openpyxl import load_workbook

from evalsoc.cli.main import cli
from evalsoc.cli.report import FORMATS as CLI_FORMATS
from evalsoc.publish.inputs import text_questions_of
from evalsoc.referentiel.model import Referentiel
from evalsoc.referentiel.registry import load_entry, resolve
from evalsoc.reports import (
    CampaignFigures,
    Fiche,
    build_fiche,
    build_fiches,
    campaign_context,
    fiche_charts,
    fiche_from_store,
    fiche_view,
    render_fiche,
    write_fiche,
)
from evalsoc.reports.base import FORMATS, output_paths, templates_dir
from evalsoc.reports.fiche.parts import (
    QUOTE_CHARS,
    Verbatim,
    balanced,
    pick_quotes,
    reserved,
)
from evalsoc.reports.fiche.store import referentiel_of
from evalsoc.reports.fiche.view import STABILITY_NOTE, change_text
from evalsoc.scoring import score
from evalsoc.sensitivity import change_direction
from evalsoc.simulate import simulate_campaign
from evalsoc.store.db import connect
from evalsoc.store.ingest import ingest
from evalsoc.store.quotes import campaign_free_texts, save_selection
from evalsoc.store.write import load_answer_set
from evalsoc.structures.registry import read_structures
from evalsoc.support.formatting import fr_number, whole_score

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
NAME_PAYLOAD = "<script>alert(1)</script>"
QUOTE_PAYLOADS = ("javascript:alert(1)", "<img src=x onerror=alert(1)>")
SEED, COUNT = 9, 5  # seed 9: S0002 and S0005 are evaluated externally (evaluator notes)


def _tamper(folder: Path) -> None:
    """S0001 renamed to a script tag in the registry, two of its free-text answers
    replaced by javascript: and HTML payloads in its workbook."""
    truth = json.loads((folder / "answers" / "S0001.json").read_text(encoding="utf-8"))
    texts = {a["value"] for a in truth["answers"]
             if a["question"] in ("pub_verbatim", "part_verbatim") and "value" in a}
    book_path = next(folder.glob("*_S0001.xlsx"))
    book = load_workbook(book_path)
    payloads = list(QUOTE_PAYLOADS)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if payloads and cell.value in texts:
                    cell.value = payloads.pop()
                    break  # one per sheet: one per group
    assert not payloads
    book.save(book_path)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    entry, ref = resolve("ardes-culture@1.0.0")
    ref_hash = load_entry(entry).hash or ""
    root = tmp_path_factory.mktemp("fiches")
    db = root / "evalsoc.sqlite"
    for year in (2024, 2025):
        folder = root / f"campagne-{year}"
        simulate_campaign(ref, ref_hash, COUNT, SEED, folder, year=year)
        registry = read_structures(folder / "structures.csv").structures
        if year == 2025:
            _tamper(folder)
            registry = [s.model_copy(update={"name": NAME_PAYLOAD}) if s.id == "S0001" else s
                        for s in registry]
        summary = ingest([folder], str(year), db, year=year, registry=registry, workers=1)
        assert summary.ingested == COUNT and not summary.rejected
    _select_every_quote(db, "2025", ref)
    return db


def _select_every_quote(db: Path, campaign: str, ref: Referentiel) -> None:
    """The consultant marks every free text « oui » (evalsoc citations): a fiche quotes
    only the selection, so the payloads above must be selected to be shown."""
    conn = connect(db)
    try:
        texts = campaign_free_texts(conn, campaign, text_questions_of(ref))
        save_selection(conn, campaign, texts, "citations.xlsx", "0" * 64, len(texts))
    finally:
        conn.close()


@pytest.fixture(scope="module")
def fiches(store: Path) -> dict[str, Fiche]:
    context = campaign_context(store, "2025")
    ref = referentiel_of("2025", context.referentiel, context.referentiel_hash)
    conn = connect(store)
    try:
        return {sid: fiche_from_store(context, conn, ref, sid) for sid in context.submissions}
    finally:
        conn.close()


@pytest.fixture(scope="module")
def written(fiches: dict[str, Fiche], tmp_path_factory: pytest.TempPathFactory
            ) -> dict[str, dict[str, Path]]:
    out = tmp_path_factory.mktemp("sortie")
    paths = {}
    for sid, fiche in fiches.items():
        files = write_fiche(fiche, out)
        paths[sid] = {p.suffix[1:]: p for p in files}
    return paths


class _Html(HTMLParser):
    """Start tags with their attributes, and the text, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(path: Path) -> _Html:
    parser = _Html()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def _flat(text: str) -> str:
    """Whitespace of every kind (line breaks, no-break spaces) as one space."""
    return " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())


def _pdf_text(path: Path) -> str:
    done = subprocess.run([client("pdftotext"), str(path), "-"], capture_output=True,
                          text=True, check=True, timeout=60)
    return _flat(done.stdout)


# F1 -----------------------------------------------------------------------------------


def test_model_has_every_part(fiches: dict[str, Fiche], store: Path) -> None:
    """F1."""
    for fiche in fiches.values():
        assert [d.id for d in fiche.dimensions] == ["ECO", "SOC", "CULT", "TERR", "GOUV",
                                                    "INNOV"]
        assert fiche.method.referentiel == "ardes-culture@1.0.0"
        assert fiche.method.campaign == "2025" and len(fiche.method.hash_prefix) == 12
        assert {g.group for g in fiche.method.respondents} == {
            "benevoles", "salaries", "publics", "partenaires"}
        assert fiche.previous_campaign == "2024"
        assert any(d.previous is not None for d in fiche.dimensions)
        # a median the publication withholds (five structures only) says why
        assert all(d.sector_median is not None or d.median_note for d in fiche.dimensions)
        threshold = fiche.pistes_threshold
        assert all(h.score >= threshold for h in fiche.strengths)
        assert all(h.score < threshold for h in fiche.vigilance)
        assert [h.score for h in fiche.vigilance] == sorted(h.score for h in fiche.vigilance)
        assert {p.id for p in fiche.pistes} <= {c.id for d in fiche.dimensions
                                                for c in d.criteres
                                                if c.score is not None and c.score < threshold}
        assert all(p.actions for p in fiche.pistes)
        assert {g.group for g in fiche.divergence} <= {
            "structure", "benevoles", "salaries", "publics", "partenaires"}
        for missing in fiche.unscored:
            assert missing.why and not missing.why[0].islower() and missing.why.endswith(".")
            assert "« salaries »" not in missing.why  # group ids become their labels
    external = [f for f in fiches.values() if f.method.mode == "évaluation externe partagée"]
    assert {f.identity.id for f in external} == {"S0002", "S0005"}
    assert all(f.has_evaluator for f in external)


def test_model_names_no_respondent(fiches: dict[str, Fiche], store: Path) -> None:
    """F1, F8: pseudonymous: respondent ids never reach the model (hence the files)."""
    conn = connect(store)
    ids = {r for (r,) in conn.execute("SELECT DISTINCT respondent FROM respondents "
                                      "WHERE respondent <> 'structure'")}
    conn.close()
    assert ids
    for fiche in fiches.values():
        dumped = fiche.model_dump_json()
        assert not [i for i in ids if i in dumped]


def test_unscored_nodes_say_why(fiches: dict[str, Fiche]) -> None:
    """F1: every node without a score is listed, with a sentence, in the tree's order."""
    reasons = [u for f in fiches.values() for u in f.unscored]
    assert reasons
    assert {u.kind for u in reasons} <= {"Dimension", "Critère", "Indicateur"}
    for fiche in fiches.values():
        listed = {u.id for u in fiche.unscored}
        for dim in fiche.dimensions:
            assert (dim.score is None) == (dim.id in listed)
            for crit in dim.criteres:
                assert (crit.score is None) == (crit.id in listed)


def test_masked_median_is_said_not_shown(fiches: dict[str, Fiche]) -> None:
    """F1: a median under statistical secrecy is absent, with the motif."""
    fiche = next(iter(fiches.values()))
    masked = fiche.model_copy(update={"dimensions": tuple(
        d.model_copy(update={"sector_median": None, "median_note": "médiane non publiée "
                                                                   "(moins de 3 structures)"})
        for d in fiche.dimensions)})
    view = fiche_view(masked.model_copy(update={"median_label": "Médiane de la campagne"}),
                      fiche_charts(fiche))
    at = view["summary"]["header"].index("Médiane campagne")
    assert all(row["cells"][at] == "non publiée" for row in view["summary"]["rows"])
    note = view["summary"]["note"]  # after the change since 2024, in words
    assert note.removeprefix(change_text(fiche)).strip() == (
        "Médiane « non publiée » : moins de 3 structures.")
    assert STABILITY_NOTE in view["method"]["note"]


# F2 -----------------------------------------------------------------------------------


@pytest.mark.external
def test_html_and_pdf_carry_the_same_figures(fiches: dict[str, Fiche],
                                             written: dict[str, dict[str, Path]]) -> None:
    """F2."""
    for sid, fiche in fiches.items():
        html = _flat(" ".join(_parse(written[sid]["html"]).text))
        pdf = _pdf_text(written[sid]["pdf"])
        odt = odt_text(written[sid]["odt"])
        edges = [lv.min for lv in fiche.levels if lv.min > 0]

        def whole(score: float) -> str:  # scores as reports print them (issue 19)
            return fr_number(whole_score(score, edges), 0)  # noqa: B023
        for dim in fiche.dimensions:
            expected = [dim.label, whole(dim.score) if dim.score is not None else dim.absent]
            if dim.level_label:
                expected.append(f"{dim.level} · {dim.level_label}")
            if dim.sector_median is not None:
                expected.append(whole(dim.sector_median))
            for text in expected:
                assert _flat(text) in html, (sid, text)
                assert _flat(text) in pdf, (sid, text)
                assert _flat(text) in odt, (sid, text)
        for item in (*fiche.strengths, *fiche.vigilance, *fiche.pistes, *fiche.unscored):
            assert _flat(item.label)[:30] in html and _flat(item.label)[:30] in pdf
            assert _flat(item.label)[:30] in odt
        # the editable copy: every table of the page, cell for cell (issue 19, Build 7)
        assert odt_tables(written[sid]["odt"]) == html_tables(written[sid]["html"])


# F3 -----------------------------------------------------------------------------------


def test_user_text_is_inert_in_html(written: dict[str, dict[str, Path]]) -> None:
    """F3."""
    page = _parse(written["S0001"]["html"])
    tags = [t for t, _ in page.tags]
    assert "script" not in tags and "img" not in tags and "iframe" not in tags
    for tag, attrs in page.tags:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src", "action", "formaction"):
                assert value is not None and (value.startswith("#") or
                                              value.startswith("data:")), (tag, name, value)
    text = _flat(" ".join(page.text))
    assert NAME_PAYLOAD in text
    for payload in QUOTE_PAYLOADS:
        assert payload in text


@pytest.mark.external
def test_user_text_is_literal_in_pdf(written: dict[str, dict[str, Path]]) -> None:
    """F3: Typst received it as data, so it is printed, not interpreted."""
    text = _pdf_text(written["S0001"]["pdf"])
    assert NAME_PAYLOAD in text
    for payload in QUOTE_PAYLOADS:
        assert payload in text


# F4 -----------------------------------------------------------------------------------


def test_html_references_nothing_outside(written: dict[str, dict[str, Path]]) -> None:
    """F4: the only URL is the SVG namespace; no link or source but anchors."""
    for files in written.values():
        html = files["html"].read_text(encoding="utf-8")
        urls = set(re.findall(r"(?:https?:)?//[^\s\"'<>)]+", html))
        assert urls <= {"http://www.w3.org/2000/svg"}, urls
        assert "@import" not in html and "url(http" not in html
        for tag, attrs in _parse(files["html"]).tags:
            for name, value in attrs:
                if name in ("href", "src", "srcset", "poster", "data", "action"):
                    assert value and value.startswith(("#", "data:")), (tag, name, value)


@pytest.mark.external
def test_chromium_draws_every_chart_without_request(
        fiches: dict[str, Fiche], written: dict[str, dict[str, Path]], tmp_path: Path) -> None:
    """F4: the real client: DOM with every chart, no console error, no request in its
    network log (and every host unresolvable, so none could succeed)."""
    for sid in ("S0001", "S0002"):
        net_log = tmp_path / f"{sid}-net.json"
        done = _chromium(written[sid]["html"], tmp_path, "--dump-dom",
                         f"--log-net-log={net_log}")
        assert done.returncode == 0, done.stderr[-2000:]
        assert not _page_requests(net_log), _page_requests(net_log)
        charts = fiche_charts(fiches[sid])
        drawn = len(re.findall(r'<svg[^>]* role="img"', done.stdout))
        expected = sum(c is not None for c in (charts.radar, charts.criteres, charts.divergence))
        assert drawn == expected >= 3
        assert not _browser_problems(done.stderr), _browser_problems(done.stderr)


@pytest.mark.external
def test_the_browser_checks_do_catch_problems(tmp_path: Path) -> None:
    """F4: the checks above fail on a page that calls out or breaks."""
    bad = tmp_path / "mauvaise.html"
    bad.write_text('<!DOCTYPE html><html lang="fr"><title>x</title><img src="https://exem'
                   'ple.org/x.png"><script>inconnue();</script></html>', encoding="utf-8")
    net_log = tmp_path / "net.json"
    done = _chromium(bad, tmp_path, "--dump-dom", f"--log-net-log={net_log}")
    assert _page_requests(net_log) == {"https://exemple.org/x.png"}
    assert any("Uncaught" in line for line in _browser_problems(done.stderr))


@pytest.mark.external
def test_chromium_screenshot_is_not_blank(written: dict[str, dict[str, Path]],
                                          tmp_path: Path) -> None:
    """F4: kept as a test artifact (test-artifacts/, not versioned)."""
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "fiche-structure.png"
    shot.unlink(missing_ok=True)
    done = _chromium(written["S0002"]["html"], tmp_path, f"--screenshot={shot}",
                     "--window-size=1240,1754")
    assert done.returncode == 0 and shot.is_file(), done.stderr[-2000:]
    assert not _browser_problems(done.stderr)
    pixels = image.imread(shot)
    assert pixels.shape[0] >= 1700 and float(np.std(pixels[..., :3])) > 0.05


# F5 -----------------------------------------------------------------------------------


@pytest.mark.external
def test_pdf_pages_are_few_and_none_is_blank(written: dict[str, dict[str, Path]],
                                             tmp_path: Path) -> None:
    """F5."""
    pdftoppm = client("pdftoppm")
    for sid, files in written.items():
        prefix = tmp_path / sid
        subprocess.run([pdftoppm, "-png", "-r", "50", str(files["pdf"]), str(prefix)],
                       check=True, capture_output=True, timeout=60)
        pages = sorted(tmp_path.glob(f"{sid}-*.png"))
        assert 2 <= len(pages) <= 4, (sid, len(pages))
        for page in pages:
            pixels = image.imread(page)
            assert float(np.std(pixels[..., :3])) > 0.03, page.name
    ARTIFACTS.mkdir(exist_ok=True)
    for page in sorted(tmp_path.glob("S0002-*.png")):
        shutil.copy(page, ARTIFACTS / f"fiche-structure-pdf{page.stem[5:]}.png")


# F6 -----------------------------------------------------------------------------------


def test_files_are_named_and_kept_inside(fiches: dict[str, Fiche],
                                         written: dict[str, dict[str, Path]],
                                         tmp_path: Path) -> None:
    """F6."""
    path = written["S0003"]["html"]
    assert re.fullmatch(r"[a-z0-9-]+_S0003_fiche-2025\.html", path.name), path.name
    assert written["S0001"]["pdf"].name == "script-alert-1-script_S0001_fiche-2025.pdf"
    fiche = fiches["S0003"]
    odd = fiche.model_copy(update={"identity": fiche.identity.model_copy(
        update={"id": "../../etc/passwd", "name": "../..//\\x"})})
    files = write_fiche(odd, tmp_path / "out", ("html",))
    assert [p.parent for p in files] == [(tmp_path / "out").resolve()]
    with pytest.raises(ValueError):
        output_paths(tmp_path, "", FORMATS)


def test_templates_are_package_data() -> None:
    """Found inside the package, so an installed wheel has them."""
    folder = templates_dir()
    assert folder.parent == ROOT / "evalsoc" / "reports"
    for name in ("base.html.j2", "fiche.html.j2", "report.css", "base.typ", "fiche.typ"):
        assert (folder / name).is_file(), name
    assert CLI_FORMATS == FORMATS


def test_one_render_gives_every_format(fiches: dict[str, Fiche]) -> None:
    rendered = render_fiche(fiches["S0004"], ("odt", "pdf", "html"))
    assert list(rendered) == ["html", "pdf", "odt"]
    assert rendered["pdf"].startswith(b"%PDF-")
    assert rendered["odt"][30:77] == b"mimetypeapplication/vnd.oasis.opendocument.text"
    assert list(render_fiche(fiches["S0004"], ("odt",))) == ["odt"]
    assert rendered["html"].startswith(b"<!DOCTYPE html>\n<html lang=\"fr\">")


# F7 -----------------------------------------------------------------------------------


@pytest.mark.slow
def test_cli_report_structure(store: Path, tmp_path: Path) -> None:
    """F7."""
    runner = CliRunner()
    out = tmp_path / "fiches"
    args = ["report", "structure", "--campagne", "2025", "--db", str(store), "-o", str(out)]
    result = runner.invoke(cli, [*args, "--json", "--workers", "2"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    batch = build_fiches(store, "2025", tmp_path / "library", workers=1)
    assert [f["structure_id"] for f in data["done"]] == [d.structure_id for d in batch.done]
    assert [[Path(p).name for p in f["paths"]] for f in data["done"]] == [
        [p.name for p in d.paths] for d in batch.done]
    assert len(list(out.glob("*.html"))) == len(list(out.glob("*.pdf"))) == COUNT
    for html in out.glob("*.html"):  # parallel processes, same pages
        assert html.read_bytes() == (tmp_path / "library" / html.name).read_bytes()

    result = runner.invoke(cli, [*args, "--structure", "S0002", "--structure", "S9999",
                                 "--format", "pdf"])
    assert result.exit_code == 1
    assert "S9999" in result.output and "S0002" in result.output

    result = runner.invoke(cli, [*args[:3], "2031", *args[4:]])
    assert result.exit_code == 2 and "2031" in result.output
    result = runner.invoke(cli, [*args, "--format", "docx"])
    assert result.exit_code == 2 and "docx" in result.output
    result = runner.invoke(cli, ["report", "structure", "--campagne", "2025", "--db",
                                 str(tmp_path / "absente.sqlite"), "-o", str(out)])
    assert result.exit_code == 2 and not (tmp_path / "absente.sqlite").exists()


def test_cli_without_quotes(store: Path, tmp_path: Path) -> None:
    """F8: --sans-citations leaves every free-text answer out."""
    result = CliRunner().invoke(cli, [
        "report", "structure", "--campagne", "2025", "--db", str(store), "-o", str(tmp_path),
        "--structure", "S0001", "--format", "html", "--sans-citations"])
    assert result.exit_code == 0, result.output
    html = next(tmp_path.glob("*.html")).read_text(encoding="utf-8")
    assert "onerror" not in html and "javascript:" not in html


# F8 -----------------------------------------------------------------------------------


def test_quotes_are_limited_and_attributed_to_groups(fiches: dict[str, Fiche]) -> None:
    """F8."""
    _, ref = resolve("ardes-culture@1.0.0")
    long = "très " * 200
    verbatims = [Verbatim("publics", "pub_verbatim", f"Texte {n} {long}") for n in range(20)]
    verbatims += [Verbatim("partenaires", "part_verbatim", "Un partenaire\x00 fiable."),
                  Verbatim("publics", "pub_verbatim", "Texte 0 " + long)]  # same text again
    quotes, total = pick_quotes(verbatims, ref, limit=4)
    assert total == 21 and len(quotes) == 4
    assert {q.group_label for q in quotes} == {"Les publics", "Les partenaires"}
    assert all(len(q.text) <= QUOTE_CHARS + 4 for q in quotes)
    assert any(q.shortened and q.text.endswith("[…]") for q in quotes)
    assert "Un partenaire fiable." in [q.text for q in quotes]
    for fiche in fiches.values():
        assert len(fiche.quotes) <= 6


def test_quotes_are_balanced_not_in_answer_order() -> None:
    """Build 6: six praises answered first and two reservations after, four shown: the
    reservations are among them, praise and reservation in turn."""
    _, ref = resolve("ardes-culture@1.0.0")
    praise = [f"Un lieu formidable, merci pour tout ({n})." for n in range(6)]
    doubts = ["Les horaires sont difficiles pour les familles.",
              "Il manque une navette le soir depuis les villages."]
    verbatims = [Verbatim("publics", "pub_verbatim", t) for t in praise + doubts]
    quotes, total = pick_quotes(verbatims, ref, limit=4)
    assert total == 8
    assert [reserved(q.text) for q in quotes] == [False, True, False, True]
    assert [q.text for q in quotes if reserved(q.text)] == doubts
    assert balanced(praise) == praise  # one kind only: answer order kept


def test_build_fiche_is_pure(fiches: dict[str, Fiche], store: Path) -> None:
    """F1: the same inputs give the same model; the campaign's figures are inputs."""
    context = campaign_context(store, "2025")
    ref = referentiel_of("2025", context.referentiel, context.referentiel_hash)
    conn = connect(store)
    again = fiche_from_store(context, conn, ref, "S0003")
    conn.close()
    assert again == fiches["S0003"]
    conn = connect(store)
    answers = load_answer_set(conn, context.submissions["S0003"], ref,
                              context.structures["S0003"])
    conn.close()
    bare = build_fiche(score(ref, answers), ref, CampaignFigures("2025", 2025))
    assert bare.median_label is None and bare.previous_campaign is None
    assert [d.score for d in bare.dimensions] == [d.score for d in fiches["S0003"].dimensions]


def test_public_names_are_listed() -> None:
    from evalsoc import reports  # noqa: PLC0415 - the package itself is under test

    for name in reports.__all__:
        assert hasattr(reports, name), name
    assert {"build_fiche", "build_fiches", "write_fiche", "render_fiche", "fiche_view",
            "Fiche", "FicheSourceError"} <= set(reports.__all__)


@pytest.mark.slow
def test_guide_examples_run(store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
                            ) -> None:
    """The Python examples of docs/rapports.md « Depuis Python », on the test store (the
    plan d'action's example works on its own workbook: the docs test plays it)."""
    guide = (ROOT / "docs" / "rapports.md").read_text(encoding="utf-8")
    guide = guide.split("### Depuis Python", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", guide, flags=re.S)
    assert len(blocks) == 2
    code = "\n".join(blocks).replace('Path("evalsoc.sqlite")', repr(store)).replace(
        'Path("fiches")', repr(tmp_path))
    exec(compile(code, "docs/rapports.md", "exec"), {"PosixPath": Path})
    printed = capsys.readouterr().out
    assert "S0001" in printed and "Économique et emploi" in printed
    assert len(list(tmp_path.glob("*.pdf"))) == COUNT


def test_change_since_the_previous_campaign_is_said_in_words(
        fiches: dict[str, Fiche]) -> None:
    """Build 6: one sentence per fiche, each dimension stable, up or down by whole
    points only beyond the noise of the robustness variants (the synthèse's rule,
    evalsoc.sensitivity.change), with the levels when one changed."""
    said = 0
    for fiche in fiches.values():
        text = change_text(fiche)
        compared = [d for d in fiche.dimensions
                    if d.score is not None and d.previous is not None]
        if not compared:
            assert text == ""
            continue
        said += 1
        assert text.startswith("Depuis la campagne 2024 : ")
        for d in compared:
            delta = float(d.score or 0) - float(d.previous or 0)
            assert d.change_noise is not None  # measured for every compared dimension
            assert d.change_noise[0] <= d.change_noise[1]
            way = change_direction(delta, d.change_noise)
            if way == "stable":
                assert f"{d.label} stable" in text
            else:
                assert re.search(rf"{re.escape(d.label)} en {way} de \d+ point", text), text
        view = fiche_view(fiche, fiche_charts(fiche))
        assert text in view["summary"]["note"]
    assert said
