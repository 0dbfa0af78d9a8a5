"""Benchmark: the synthèse sectorielle of a 1,000-structure campaign compared with the
previous one (HTML, PDF and XLSX).

    python benchmarks/bench_reports_sector.py [--structures 1000] [--dir D] [--workers 2]

Setup, not timed: two campaigns simulated with ``simulate_campaign`` (the base year,
messy entries, then the year after: the same structures, a little changed) and ingested
with ``evalsoc.store.ingest.ingest`` into ``D/evalsoc.db``; kept in ``--dir`` so that a
second run skips it. Timed: reading the frames from the store, the publication (every
protected table, audited together with the previous campaign's), building the report
model, rendering and writing the three files. Target: under 15 s in all.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from evalsoc.publish.inputs import load_sector_inputs
from evalsoc.publish.publication import Publication
from evalsoc.referentiel.registry import load_entry, resolve
from evalsoc.reports.sector.build import build_sector_report
from evalsoc.reports.sector.render import write_sector_report
from evalsoc.simulate import BASE_YEAR, simulate_campaign
from evalsoc.store.frames import Store
from evalsoc.store.ingest import ingest
from evalsoc.structures.registry import read_structures

TARGET_SECONDS = 15.0
SEED = 21


def prepare(folder: Path, count: int, workers: int) -> Path:
    """Simulate and ingest both campaigns once; return the store."""
    db = folder / "evalsoc.db"
    if db.is_file():
        with Store(db) as store:
            if len(store.campaign_names()) == 2:
                return db
        db.unlink()
    entry, ref = resolve("ardes-culture")
    ref_hash = load_entry(entry).hash or ""
    for year, messy in ((BASE_YEAR, True), (BASE_YEAR + 1, False)):
        out = folder / str(year)
        started = time.perf_counter()
        simulate_campaign(ref, ref_hash, count, SEED, out, messy=messy, year=year,
                          workers=workers)
        simulated = time.perf_counter()
        registry = read_structures(out / "structures.csv").structures
        ingest([out], str(year), db, year=year, registry=registry, workers=workers)
        print(f"préparation {year} : simulation {simulated - started:.1f} s, "
              f"enregistrement {time.perf_counter() - simulated:.1f} s", file=sys.stderr)
    return db


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--structures", type=int, default=1_000)
    parser.add_argument("--dir", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="evalsoc-sector-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = prepare(folder, args.structures, args.workers)
    current, previous = str(BASE_YEAR + 1), str(BASE_YEAR)
    start = time.perf_counter()
    with Store(db) as store:
        inputs = load_sector_inputs(store, current, previous)
    loaded = time.perf_counter()
    publication = Publication(inputs)
    audited = time.perf_counter()
    report = build_sector_report(publication)
    built = time.perf_counter()
    paths = write_sector_report(report, folder / "synthese")
    written = time.perf_counter()
    total = written - start
    structures = inputs.current.scores["structure_id"].nunique()
    print(f"{structures} structures, {len(report.tables())} tableaux, "
          f"{len(report.charts())} graphiques")
    assert publication.result is not None
    print(f"publication : {len(publication.facts)} chiffres, "
          f"{publication.result.values} valeurs vérifiées, {publication.rounds} tour(s), "
          f"exposées : {len(publication.result.exposures)}")
    print(f"lecture {loaded - start:.2f} s, publication {audited - loaded:.2f} s, "
          f"modèle {built - audited:.2f} s, "
          f"fichiers {written - built:.2f} s : total {total:.2f} s "
          f"(cible < {TARGET_SECONDS:.0f} s)")
    for kind, path in paths.items():
        print(f"  {kind} {path.stat().st_size / 1e6:.2f} Mo  {path}")
    return 0 if total < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
