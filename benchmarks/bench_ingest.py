"""Benchmark: ingest simulated workbooks into a campaign, then the sector statistics.

    python benchmarks/bench_ingest.py [--count 10000] [--small 1000] [--dir D] [--workers 2]

Prints workbooks per second, the peak memory of the ingesting process and of its reading
processes, at two sizes in the same run (peak memory must stay flat as the count grows:
target under 300 MB), and the time of the sector statistics (describe by département,
territoire and discipline, respondent groups, totals) over the whole campaign (target
under 10 s on this machine).
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

CHILD = """
import json, resource, sys, time
from pathlib import Path
from evalsoc.store.ingest import ingest
files = [Path(p) for p in json.loads(Path(sys.argv[1]).read_text())]
start = time.perf_counter()
summary = ingest(files, sys.argv[3], Path(sys.argv[2]), 2025, workers=int(sys.argv[4]))
took = time.perf_counter() - start
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"seconds": took, "ingested": summary.ingested, "own_mb": own,
                  "children_mb": children}))
"""

STATS = """
import json, sys, time
from pathlib import Path
from evalsoc.stats import describe, respondent_figures, totals
from evalsoc.store.frames import Store
start = time.perf_counter()
with Store(Path(sys.argv[1])) as store:
    scores = store.scores(sys.argv[2]); structures = store.structures()
    respondents = store.respondents(sys.argv[2]); figures = store.figures(sys.argv[2])
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
                         check=True)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--dir", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="evalsoc-ingest-"))
    entry, ref = resolve("ardes-culture")
    if len(expand_paths([folder])) < args.count:
        print(f"simulation de {args.count} classeurs…", file=sys.stderr)
        simulate_campaign(ref, load_entry(entry).hash or "", args.count, 11, folder,
                          messy=True, workers=args.workers)
    files = [str(p) for p in expand_paths([folder])[: args.count]]
    work = Path(tempfile.mkdtemp(prefix="evalsoc-db-"))
    for count in (args.small, args.count):
        db = work / f"bench-{count}.sqlite"
        listing = work / f"files-{count}.json"
        listing.write_text(json.dumps(files[:count]))
        result = run(CHILD, str(listing), str(db), "bench", str(args.workers))
        rate = result["ingested"] / result["seconds"]
        print(f"ingestion de {count:6d} classeurs : {result['seconds']:7.1f} s, "
              f"{rate:6.1f} classeurs/s, mémoire max {result['own_mb']:5.0f} Mo "
              f"(processus de lecture : {result['children_mb']:4.0f} Mo) ; cible < 300 Mo")
    stats = run(STATS, str(work / f"bench-{args.count}.sqlite"), "bench")
    print(f"statistiques sectorielles, {stats['structures']:.0f} structures "
          f"({stats['rows']:.0f} lignes de scores) : chargement {stats['load']:.1f} s, "
          f"calcul {stats['stats']:.1f} s, total {stats['load'] + stats['stats']:.1f} s ; "
          "cible < 10 s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
