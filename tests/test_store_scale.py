"""Issue "Campaigns" at the size it names: 500 simulated workbooks into a campaign, the
same again (nothing changes), then 20 corrected ones (superseded, the old ones kept)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook

from evalsoc.excel import layout
from evalsoc.referentiel.registry import load_entry, resolve
from evalsoc.simulate import simulate_campaign
from evalsoc.store.frames import Store
from evalsoc.store.ingest import ingest


def _counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    tables = ("submissions", "answers", "scores", "issues", "respondents", "structures")
    counts = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}
    conn.close()
    return counts


@pytest.mark.slow
def test_500_then_again_then_20_corrections(tmp_path: Path) -> None:
    entry, ref = resolve("ardes-culture@1.0.0")
    folder = tmp_path / "retours"
    simulate_campaign(ref, load_entry(entry).hash or "", 500, 3, folder, workers=2)
    db = tmp_path / "campagne.sqlite"
    first = ingest([folder], "2025", db, 2025, workers=2)
    assert (first.files, first.ingested, first.rejected) == (500, 500, [])
    before = _counts(db)
    again = ingest([folder], "2025", db, 2025, workers=2)
    assert (again.known, again.ingested) == (500, 0)
    assert _counts(db) == before
    corrections = tmp_path / "corrections"
    corrections.mkdir()
    for path in sorted(folder.glob("*.xlsx"))[:20]:
        target = corrections / f"corrige-{path.name}"
        shutil.copy(path, target)
        book = load_workbook(target)
        sheet = book[layout.QUESTIONNAIRE_SHEET]
        for row in sheet.iter_rows():
            if row[0].value == "nb_reunions_ca":
                row[layout.ANSWER_COL - 1].value = 11
        book.save(target)
    fixed = ingest([corrections], "2025", db, 2025, workers=2)
    assert (fixed.ingested, fixed.superseded) == (20, 20)
    with Store(db) as store:
        subs = store.submissions("2025")
        assert (subs["statut"] == "remplacee").sum() == 20
        assert (subs["statut"] == "valide").sum() == 500
        assert subs["structure_id"].nunique() == 500
        assert store.scores("2025")["structure_id"].nunique() == 500
    after = _counts(db)
    assert after["submissions"] == 520 and after["answers"] > before["answers"]
