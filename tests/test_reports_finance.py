"""The fiche financière: one page of a structure's stored diagnostic, joined to its fiche
when it has one, alone otherwise (issue 20, Build item 5)."""

from __future__ import annotations

import html
import re
import sqlite3
import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from external import client

from evalsoc.cli.main import cli
from evalsoc.diagnostic.display import value_text
from evalsoc.referentiel.registry import resolve
from evalsoc.reports.finance.render import pdf_pages

pytestmark = pytest.mark.external  # pdftotext and pdfinfo read the pages

BUNDLE = "ardes-culture@1.0.0+autodiag-financier@1.0.0"
FIN = "autodiag-financier@1.0.0"
WORDS = ("vert", "orange", "rouge")


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _pdf_text(path: Path, layout: bool = True) -> str:
    """The PDF's text (``layout``: a table's row on one line; without, a column's text
    in reading order)."""
    out = subprocess.run([client("pdftotext"), *(["-layout"] if layout else []), str(path), "-"],
                         capture_output=True,
                         check=True, text=True).stdout
    return re.sub(r"[ \u202f\u00a0]+", " ", out)


def _norm(text: str) -> str:
    return re.sub(r"[ \u202f\u00a0]+", " ", html.unescape(text))


def _stored(db: Path, structure: str) -> list[tuple[str, str, float | None, str | None, str]]:
    with sqlite3.connect(db) as conn:
        return list(conn.execute(
            "SELECT d.indicator, d.period, d.value, d.band, d.reason FROM diagnostics d "
            "JOIN submissions s ON s.id = d.submission_id WHERE s.structure_id = ? "
            "AND s.status = 'valide' ORDER BY d.indicator, d.period", (structure,)))


def _units() -> dict[str, str]:
    diagnostic = resolve(FIN)[1].diagnostic
    assert diagnostic is not None
    return {i.id: i.unit for i in diagnostic.indicators}


@pytest.fixture(scope="module")
def combined(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A campaign of both référentiels, three structures (one with five ratios in red)."""
    folder = tmp_path_factory.mktemp("combine")
    _run("simulate", BUNDLE, "--structures", "3", "--seed", "4", "-o", str(folder / "sim"),
         "-q")
    db = folder / "c.sqlite"
    _run("ingest", str(folder / "sim"), "--db", str(db), "--campagne", "2025", "-q")
    out = folder / "fiches"
    _run("report", "structure", "--campagne", "2025", "--db", str(db), "-o", str(out))
    return db, out


@pytest.fixture(scope="module")
def accounts_only(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A campaign of the diagnostic alone; S0001 gave no accounts for N-2."""
    folder = tmp_path_factory.mktemp("comptes")
    _run("simulate", FIN, "--structures", "3", "--seed", "2", "-o", str(folder / "sim"), "-q")
    first = sorted((folder / "sim").glob("*S0001.xlsx"))[0]
    book = openpyxl.load_workbook(first)
    sheet = book["Comptes"]
    for row in range(1, sheet.max_row + 1):
        if isinstance(sheet.cell(row, 6).value, (int, float)):
            sheet.cell(row, 6).value = None
    book.save(first)
    db = folder / "f.sqlite"
    _run("ingest", str(folder / "sim"), "--db", str(db), "--campagne", "fin", "-q")
    out = folder / "fiches"
    _run("report", "structure", "--campagne", "fin", "--db", str(db), "-o", str(out))
    return db, out


def _shown_in(value: float, unit: str, text: str) -> bool:
    """Whether the value, as the page formats it, is in the text, whole (pdftotext
    sometimes drops a narrow space: compared without spaces)."""
    shown = _norm(value_text(value, unit)).replace(" ", "")
    after = r"(?![\d,])" if shown[-1].isdigit() else ""
    return re.search(rf"(?<![\d,]){re.escape(shown)}{after}", text.replace(" ", "")) is not None


def _check_values(text: str, db: Path, structure: str) -> int:
    units = _units()
    rows = _stored(db, structure)
    assert {p for _, p, *_ in rows} == {"n", "n1", "n2"}
    for indicator, _period, value, _band, _reason in rows:
        if value is not None:
            assert _shown_in(value, units[indicator], text), (indicator, value)
    return len(rows)


def test_every_stored_ratio_is_on_the_joined_page(combined: tuple[Path, Path]
                                                         ) -> None:
    db, out = combined
    for structure in ("S0001", "S0002", "S0003"):
        pdf = next(out.glob(f"*_{structure}_fiche-2025.pdf"))
        page = _pdf_text(pdf).split("Fiche financière —")[1]  # the last page
        shown = _norm(next(out.glob(f"*_{structure}_fiche-2025.html")).read_text("utf-8"))
        section = shown[shown.index('id="fiche-financiere"'):]
        assert _check_values(page, db, structure) == 19 * 3 + 2  # T1, T2: N only
        _check_values(section, db, structure)
        # every value band carries its word, in the PDF and in the HTML
        for indicator, _p, value, band, _r in _stored(db, structure):
            if band:
                value_shown = _norm(value_text(value or 0.0, _units()[indicator]))
                assert f"{value_shown} {band}" in page, (indicator, band)
                assert f'b-{band}">{value_shown}<span class="w">{band}</span>' in section


def test_a_structure_with_both_gets_its_fiche_and_the_financial_page_last(
        combined: tuple[Path, Path]) -> None:
    _, out = combined
    pdfs = sorted(out.glob("*.pdf"))
    assert len(pdfs) == 3 and not list(out.glob("*fiche-financiere*"))
    for pdf in pdfs:
        pages = [p for p in _pdf_text(pdf).split("\f") if p.strip()]
        assert "Fiche financière —" in pages[-1]
        for number, page in enumerate(pages, start=1):  # numbered as one document
            assert page.rstrip().endswith(f"{number}/{len(pages)}"), (number, page[-200:])
        assert "Fiche financière —" not in "".join(pages[:-1])
        assert "Points forts" in "".join(pages[:-1]) or "Profil" in "".join(pages[:-1])
        shown = pdf.with_suffix(".html").read_text("utf-8")
        assert shown.index('id="fiche-financiere"') > shown.index('id="profil"')
        assert shown.index('id="fiche-financiere"') < shown.index("</main>")


def test_a_structure_with_the_diagnostic_only_gets_the_financial_page(
        accounts_only: tuple[Path, Path]) -> None:
    db, out = accounts_only
    pdfs = sorted(out.glob("*.pdf"), key=lambda p: p.name.split("_")[1])
    assert [p.name.split("_", 1)[1] for p in pdfs] == [
        f"S000{n}_fiche-financiere-fin.pdf" for n in (1, 2, 3)]
    for pdf in pdfs:
        assert pdf_pages(pdf.read_bytes()) == 1
        info = subprocess.run([client("pdfinfo"), str(pdf)], capture_output=True, text=True,
                              check=True).stdout
        assert re.search(r"Pages:\s+1\n", info)
        structure = pdf.name.split("_")[1]
        _check_values(_pdf_text(pdf), db, structure)
        read = " ".join(_pdf_text(pdf, layout=False).split())
        assert "À discuter avec un chargé de mission DLA" in read


def test_non_computable_shows_its_reason_and_no_band(accounts_only: tuple[Path, Path]
                                                     ) -> None:
    db, out = accounts_only
    rows = [r for r in _stored(db, "S0001") if r[1] == "n2"]
    assert rows and all(r[2] is None and r[3] is None for r in rows)
    reasons = {r[4] for r in rows}
    text = _pdf_text(next(out.glob("*_S0001_*.pdf")))
    shown = _norm(next(out.glob("*_S0001_*.html")).read_text("utf-8"))
    for reason in reasons:
        assert reason
        assert _norm(reason).split(" ")[:6] == _norm(reason).split(" ")[:6]
        assert html.escape(_norm(reason), quote=False) in shown or _norm(reason) in shown
        assert " ".join(_norm(reason).split()) in " ".join(_pdf_text(
            next(out.glob("*_S0001_*.pdf")), layout=False).split())
    table = text.split("Alertes de l")[0]
    missing = [r for r in _stored(db, "S0001") if r[2] is None]  # N-2, and T1, T2 of N
    assert len(missing) == len(rows) + 2
    assert table.count("non calculable(") == len(missing)
    assert shown.count('<td class="num nc">non calculable<sup>') == len(missing)  # no band
    for line in table.splitlines():
        if line.lstrip().startswith("F01 "):
            assert line.count("non calculable") == 1


def test_the_financial_page_alone_is_one_page(combined: tuple[Path, Path]) -> None:
    """Whatever the trajectory (the crisis has the most alerts), one page."""
    from evalsoc.reports.finance.render import finance_pdf  # noqa: PLC0415
    from evalsoc.reports.finance.source import stored_diagnostics  # noqa: PLC0415
    from evalsoc.reports.finance.view import finance_view  # noqa: PLC0415

    db, _ = combined
    ref = resolve(FIN)[1]
    with sqlite3.connect(db) as conn:
        for (submission, structure) in conn.execute(
                "SELECT id, structure_id FROM submissions WHERE status = 'valide'"):
            view = finance_view(ref, stored_diagnostics(conn, submission, ref.ref),
                                name="x" * 80, structure_id=structure, campaign="2025")
            assert pdf_pages(finance_pdf(view)) == 1


@pytest.mark.parametrize("name", ["sain", "fragile", "crise", "cas-limites"])
def test_three_trajectories_values_alerts_and_discuss_as_the_engine(name: str, tmp_path: Path
                                                           ) -> None:
    """Read back from what the store keeps, the page's alerts, notes and questions for a
    DLA officer are the diagnostic's own for N (the notes are read again on the stored
    values)."""
    import json  # noqa: PLC0415

    from evalsoc.answers.model import AnswerSet  # noqa: PLC0415
    from evalsoc.answers.validate import validate_answer_set  # noqa: PLC0415
    from evalsoc.diagnostic import diagnose  # noqa: PLC0415
    from evalsoc.reports.finance.render import finance_pdf  # noqa: PLC0415
    from evalsoc.reports.finance.source import StoredReading  # noqa: PLC0415
    from evalsoc.reports.finance.view import finance_view  # noqa: PLC0415

    path = Path(__file__).resolve().parent.parent / "examples" / "reponses" / (
        f"autodiag-{name}.json")
    ref = resolve(FIN)[1]
    answers = AnswerSet.model_validate(json.loads(path.read_text(encoding="utf-8")))
    result = diagnose(ref, validate_answer_set(answers, ref, str(path))[0])
    stored = [StoredReading(r.id, r.period, r.value, r.band, r.absent, r.reason, r.alert)
              for r in result.indicators()]
    view = finance_view(ref, stored, name="x", structure_id="S", campaign="c")
    now = [r for r in result.indicators() if r.period == result.reference()]
    assert [d["text"] for d in view["discuss"]] == [r.discuss for r in now if r.discuss]
    expected = {(r.id, r.alert) for r in now if r.band in ("orange", "rouge")}
    expected |= {(r.id, note) for r in now for note in r.notes}
    assert {(a["id"], a["text"]) for a in view["alerts"]} == expected
    cells = {(row["id"], p): c for row in view["rows"]
             for p, c in zip(("n", "n1", "n2"), row["cells"], strict=True)}
    for r in result.indicators():
        cell = cells[(r.id, r.period)]
        assert cell["word"] == (r.band or "")
        assert (cell["text"] == "non calculable") == (r.value is None)
        if r.value is None:
            assert view["reasons"][int(cell["mark"]) - 1]["text"] == r.reason
    # healthy, fragile, in crisis, edge cases: every value on the one page of the PDF
    pdf = tmp_path / "page.pdf"
    pdf.write_bytes(finance_pdf(view))
    assert pdf_pages(pdf.read_bytes()) == 1
    text, units = _pdf_text(pdf), _units()
    for r in result.indicators():
        if r.value is not None:
            assert _shown_in(r.value, units[r.id], text), (r.id, r.period)
