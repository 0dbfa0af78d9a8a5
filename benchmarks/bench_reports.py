"""Benchmark: one fiche structure, HTML and PDF together, from the store to the files.

    python benchmarks/bench_reports.py [--structures 24] [--seed 11]

Simulates a campaign of N structures (and the one before it, for the previous
scores), ingests both into a temporary store, then for every structure times the
whole fiche in one process: reading its answers back and scoring them, the model,
the three charts (drawn once for both formats), the HTML page, the PDF (Typst) and the
atomic writes. Two fiches are made first to warm the caches (fonts, glyphs, the Typst
compiler). Prints the median and 90th percentile per fiche, the median of each step and
the number of PDF pages. The target is a median under 0.3 s on the project's 2-core
machine; the exit code is 1 when it is missed.

The synthèse sectorielle has its own benchmark: ``benchmarks/bench_reports_sector.py``.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path

from evalsoc.referentiel.model import Referentiel
from evalsoc.referentiel.registry import load_entry, resolve
from evalsoc.reports.base import output_paths, write_files
from evalsoc.reports.fiche.charts import fiche_charts
from evalsoc.reports.fiche.render import fiche_html, fiche_pdf, fiche_stem
from evalsoc.reports.fiche.store import (
    CampaignContext,
    campaign_context,
    fiche_from_store,
    referentiel_of,
)
from evalsoc.reports.fiche.view import fiche_view
from evalsoc.simulate import simulate_campaign
from evalsoc.store.db import connect
from evalsoc.store.ingest import ingest
from evalsoc.structures.registry import read_structures

TARGET_SECONDS = 0.3
WARM_UP = 2
STEPS = ("lecture et score", "graphiques", "HTML", "PDF", "écriture")
PAGE = re.compile(rb"/Type\s*/Page\b(?!s)")


def _store(root: Path, count: int, seed: int) -> Path:
    entry, ref = resolve("ardes-culture")
    ref_hash = load_entry(entry).hash or ""
    db = root / "evalsoc.sqlite"
    for year in (2024, 2025):
        folder = root / f"campagne-{year}"
        simulate_campaign(ref, ref_hash, count, seed, folder, year=year, workers=2)
        registry = read_structures(folder / "structures.csv").structures
        ingest([folder], str(year), db, year=year, registry=registry, workers=2)
    return db


def _one(context: CampaignContext, conn: sqlite3.Connection, ref: Referentiel, sid: str,
         out: Path) -> tuple[list[float], int]:
    """The seconds of each step of one fiche, and its number of PDF pages."""
    marks = [time.perf_counter()]
    fiche = fiche_from_store(context, conn, ref, sid)
    marks.append(time.perf_counter())
    charts = fiche_charts(fiche)
    marks.append(time.perf_counter())
    view = fiche_view(fiche, charts)
    html = fiche_html(view).encode("utf-8")
    marks.append(time.perf_counter())
    pdf = fiche_pdf(view)
    marks.append(time.perf_counter())
    paths = output_paths(out, fiche_stem(fiche), ("html", "pdf"))
    write_files({paths["html"]: html, paths["pdf"]: pdf})
    marks.append(time.perf_counter())
    return [b - a for a, b in pairwise(marks)], len(PAGE.findall(pdf))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--structures", type=int, default=24)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        db = _store(root, max(args.structures, 20 + WARM_UP), args.seed)
        print(f"campagne simulée et enregistrée en {time.perf_counter() - started:.1f} s")
        context = campaign_context(db, "2025")
        ref = referentiel_of("2025", context.referentiel, context.referentiel_hash)
        conn = connect(db)
        ids = list(context.submissions)
        for sid in ids[:WARM_UP]:
            _one(context, conn, ref, sid, root / "fiches")
        totals, steps, pages = [], [], []
        for sid in ids[WARM_UP:]:
            times, count = _one(context, conn, ref, sid, root / "fiches")
            totals.append(sum(times))
            steps.append(times)
            pages.append(count)
        conn.close()
    median = statistics.median(totals)
    p90 = statistics.quantiles(totals, n=10)[-1]
    print(f"{len(totals)} fiches (HTML + PDF), pages du PDF : {min(pages)} à {max(pages)}")
    for n, step in enumerate(STEPS):
        print(f"  {step:<18}{statistics.median(s[n] for s in steps) * 1000:>8.1f} ms (médiane)")
    print(f"par fiche : médiane {median * 1000:.0f} ms, p90 {p90 * 1000:.0f} ms "
          f"(objectif : médiane < {TARGET_SECONDS * 1000:.0f} ms)")
    return 0 if median < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
