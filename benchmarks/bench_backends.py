"""Benchmark: the store on PostgreSQL beside SQLite, measured in the same run.

    python benchmarks/bench_backends.py [--count 10000] [--structures 10000]
                                        [--dir D] [--workers 2] [--passes 3]
                                        [--serveur URL]

1. ingestion: ``--count`` simulated workbooks ingested into a new SQLite file, then into
   a new PostgreSQL base (workbooks per second, each in its own process);
2. sector statistics at ``--structures`` structures: a campaign written straight into
   each base (:func:`evalsoc.simulate.stored.store_campaign`, as ingest writes valid
   workbooks), then the frames loaded from it and the statistics of bench_ingest.py
   (describe by département, territoire and discipline, respondent groups, totals),
   ``--passes`` times on each base, interleaved, the best of each kept (the machine is
   shared: one busy spell must not decide the ratio).

Each figure is printed with its ratio PostgreSQL / SQLite; the target is 1.5 at most.
Without ``--serveur``, a throw-away cluster is started with the distribution's initdb
(as tests/pgserver.py does), on 127.0.0.1, and removed at the end.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from evalsoc.batch.run import expand_paths
from evalsoc.referentiel.registry import load_entry, resolve
from evalsoc.simulate.run import simulate_campaign

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.5

INGEST = """
import json, sys, time
from pathlib import Path
from evalsoc.store.ingest import ingest
from evalsoc.store.target import parse_target
files = [Path(p) for p in json.loads(Path(sys.argv[1]).read_text())]
start = time.perf_counter()
summary = ingest(files, "bench", parse_target(sys.argv[2]), 2025, workers=int(sys.argv[3]))
print(json.dumps({"seconds": time.perf_counter() - start, "ingested": summary.ingested}))
"""

STORE = """
import json, sys, time
from evalsoc.referentiel.registry import resolve
from evalsoc.simulate.registry import make_registry
from evalsoc.simulate.stored import store_campaign
from evalsoc.store.target import parse_target
_, ref = resolve("ardes-culture")
structures = make_registry(int(sys.argv[2]), 23)
start = time.perf_counter()
store_campaign(parse_target(sys.argv[1]), "stats", 2025, ref, structures, 23)
print(json.dumps({"seconds": time.perf_counter() - start}))
"""

STATS = """
import json, sys, time
from evalsoc.stats import describe, respondent_figures, totals
from evalsoc.store.frames import Store
from evalsoc.store.target import parse_target
start = time.perf_counter()
with Store(parse_target(sys.argv[1])) as store:
    scores = store.scores("stats"); structures = store.structures()
    respondents = store.respondents("stats"); figures = store.figures("stats")
loaded = time.perf_counter()
for by in (["departement"], ["territoire"], ["discipline"]):
    describe(scores, structures, by, nodes="all")
respondent_figures(scores, respondents, structures)
totals(figures, structures)
done = time.perf_counter()
print(json.dumps({"load": loaded - start, "stats": done - loaded, "rows": len(scores),
                  "structures": int(scores["structure_id"].nunique())}))
"""


def run(code: str, *args: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                         check=False)
    if out.returncode != 0:
        raise SystemExit(out.stderr[-3000:])
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def ratio(pg: float, lite: float) -> str:
    value = pg / lite if lite else float("inf")
    verdict = "tenu" if value <= TARGET else "NON TENU"
    return f"rapport {value:4.2f} (cible <= {TARGET}) : {verdict}"


def statistics(count: int, passes: int, lite: Path, server: str) -> None:
    """Sector statistics at ``count`` structures written straight into each base."""
    targets = {"SQLite": str(lite), "PostgreSQL": server}
    written = {}
    for name, target in targets.items():
        written[name] = run(STORE, target, str(count))["seconds"]
        print(f"écriture directe {name:<10} {count} structures : "
              f"{written[name]:7.1f} s")
    print(f"écriture directe : rapport {written['PostgreSQL'] / written['SQLite']:4.2f} "
          "(indicatif : la cible porte sur l'ingestion et les statistiques)")
    best: dict[str, dict[str, float]] = {}
    for _ in range(passes):  # interleaved: a busy spell slows both alike
        for name, target in targets.items():
            stats = run(STATS, target)
            if name not in best or stats["load"] + stats["stats"] < \
                    best[name]["load"] + best[name]["stats"]:
                best[name] = stats
    for name, stats in best.items():
        print(f"statistiques {name:<10} {stats['structures']:.0f} structures "
              f"({stats['rows']:.0f} lignes de scores), meilleur de {passes} : "
              f"chargement {stats['load']:.1f} s, calcul {stats['stats']:.1f} s, "
              f"total {stats['load'] + stats['stats']:.1f} s")
    timed = {name: stats["load"] + stats["stats"] for name, stats in best.items()}
    print(f"statistiques sectorielles : {ratio(timed['PostgreSQL'], timed['SQLite'])}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--structures", type=int, default=10_000)
    parser.add_argument("--dir", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--passes", type=int, default=3,
                        help="statistics measured this many times on each base (best kept)")
    parser.add_argument("--serveur", help="an empty PostgreSQL base (postgresql://…) "
                        "instead of a throw-away cluster; give --count 0 or "
                        "--structures 0 to use it for one measure only")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "tests"))
    from pgserver import start_cluster  # noqa: PLC0415 - the tests' throw-away cluster

    running = None
    if args.serveur is None:
        running = start_cluster()
        cluster = next(running)
        server = lambda name: cluster.url(cluster.new_database(template=None))  # noqa: E731
    else:
        server = lambda name: args.serveur  # noqa: E731
    work = Path(tempfile.mkdtemp(prefix="evalsoc-backends-"))
    try:
        if args.count:
            folder = args.dir or work / "classeurs"
            entry, ref = resolve("ardes-culture")
            if len(expand_paths([folder])) < args.count:
                print(f"simulation de {args.count} classeurs…", file=sys.stderr)
                simulate_campaign(ref, load_entry(entry).hash or "", args.count, 11, folder,
                                  messy=True, workers=args.workers)
            listing = work / "fichiers.json"
            listing.write_text(json.dumps([str(p) for p in
                                           expand_paths([folder])[: args.count]]))
            found = {}
            for name, target in (("SQLite", str(work / "ingest.sqlite")),
                                 ("PostgreSQL", server("ingest"))):
                found[name] = run(INGEST, str(listing), target, str(args.workers))
                rate = found[name]["ingested"] / found[name]["seconds"]
                print(f"ingestion {name:<10} {args.count:6d} classeurs : "
                      f"{found[name]['seconds']:7.1f} s, {rate:6.1f} classeurs/s")
            pg, lite = found["PostgreSQL"]["seconds"], found["SQLite"]["seconds"]
            print(f"ingestion : {ratio(pg, lite)}")
        if args.structures:
            statistics(args.structures, args.passes, work / "stats.sqlite",
                       server("stats"))
    finally:
        if running is not None:
            next(running, None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
