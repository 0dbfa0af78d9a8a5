"""A synthèse prints nothing empty (issue 19): on a small campaign that also asks the
autodiagnostic financier (examples/demo.sh, step 10), where few medians, quartiles or
intervals can be published, no table has a column of « secret » and dashes only, no
table has no row, no breakdown shows one merged group beside « Ensemble », and the
distribution chart is drawn only when it has a median to draw.

Requirements:
- EMPTY1 every statistic column of every table holds at least one value; the omitted
  ones are named in the table's note;
- EMPTY2 every section says something (a paragraph, a table or a chart), every table
  has rows; ``evalsoc audit`` says « aucune ligne » of a table with nothing publishable
  (the medians' intervals where no median is published), not « 0 ligne(s) »;
- EMPTY3 on the demo's own campaign (24 structures), the medians' intervals are there.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from evalsoc.cli.main import cli
from evalsoc.publish.inputs import load_sector_inputs
from evalsoc.publish.publication import Publication
from evalsoc.reports.sector.build import build_sector_report
from evalsoc.reports.sector.model import ChartBlock, SectorReport, Table
from evalsoc.store.frames import Store


def _report(tmp: Path, referentiel: str, count: int, seed: int) -> SectorReport:
    runner = CliRunner()
    folder, db = tmp / "retours", tmp / "evalsoc.sqlite"
    for args in (["simulate", referentiel, "--structures", str(count), "--seed", str(seed),
                  "-o", str(folder), "-q"],
                 ["ingest", str(folder), "--campagne", "c", "--annee", "2026", "--structures",
                  str(folder / "structures.csv"), "--db", str(db), "-q"]):
        done = runner.invoke(cli, args)
        assert done.exit_code == 0, done.output
    with Store(db) as store:
        publication = Publication(load_sector_inputs(store, "c", None))
    return build_sector_report(publication, edited="7 décembre 2026")


def _empty_columns(table: Table) -> list[str]:
    return [c.label for i, c in enumerate(table.columns)
            if c.stat and all(r.values[i] is None for r in table.rows)]


@pytest.mark.slow
def test_empty1_2_combined_campaign(tmp_path: Path) -> None:
    report = _report(tmp_path, "ardes-culture@1.0.0+autodiag-financier", 14, 2025)
    tables = report.tables()
    assert len(tables) > 10
    for table in tables:
        assert table.rows, table.id
        assert _empty_columns(table) == [], table.id
    omitted = [t for t in tables if "omise(s)" in t.note]
    assert omitted, "the campaign is meant to be too small for some medians"
    for section in report.sections:
        assert section.blocks, section.id
    for by in ("departement", "discipline", "territoire", "taille"):
        found = next((t for t in tables if t.id == f"scores-{by}"), None)
        if found is not None:  # a breakdown shows two groups at least
            assert len({r.texts[1] for r in found.rows if not r.total}) >= 2, by
    drawn = [b for b in report.charts() if isinstance(b, ChartBlock)
             and b.id == "graphique-distribution"]
    medians = next(t for t in tables if t.id == "scores-dimensions")
    assert bool(drawn) == any(c.key == "mediane" for c in medians.columns)
    audit = CliRunner().invoke(cli, ["audit", "--campagne", "c", "--db",
                                     str(tmp_path / "evalsoc.sqlite")])
    assert audit.exit_code == 0 and " 0 ligne(s)" not in audit.output, audit.output


@pytest.mark.slow
def test_empty3_intervals_where_medians_are(tmp_path: Path) -> None:
    report = _report(tmp_path, "ardes-culture@1.0.0", 24, 2025)
    table = next(t for t in report.tables() if t.id == "scores-dimensions")
    keys = [c.key for c in table.columns]
    assert "mediane" in keys and "mediane_basse" in keys and "mediane_haute" in keys
    assert "Médiane basse et haute" in table.note
