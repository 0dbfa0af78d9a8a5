"""Benchmark: check and score simulated workbooks, against two baselines in the same run.

    python benchmarks/bench_check_score.py [--count 1000] [--pandas-sample 100] [--dir D]

Prints milliseconds per workbook for
  - the fast reader alone (python-calamine reading every sheet), in 1 process and in 2
    (the same chunks as evalsoc's batches),
  - a plain pandas.read_excel(engine="openpyxl") loop (on a sample, per workbook),
  - the safe reading evalsoc cannot do without, in 1 process: the package checks (format,
    sizes, DTD in any XML part, SHA-256) and every sheet read by calamine plus scanned in
    its XML for the formulas and error values calamine does not report,
  - evalsoc check + score (1 process, then 2: this one and one worker) as
    `evalsoc score -o scores.xlsx` does it (no explanations, answers not kept),
  - evalsoc check alone (1 process, then 2) as `evalsoc check` does it (no scores),
and the ratios the targets are stated in: evalsoc within 2x the fast reader alone, and at
least 10x faster than the pandas/openpyxl loop. Absolute times vary on a shared machine;
the ratios are measured in the same run, each figure the best of --runs passes in a row
in each of --rounds rounds of all the measures.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import python_calamine as calamine

from evalsoc.batch.run import check_paths, chunks_of, expand_paths
from evalsoc.excel.package import open_package
from evalsoc.excel.reader import open_raw
from evalsoc.referentiel.registry import load_entry, resolve
from evalsoc.simulate.run import simulate_campaign
from evalsoc.support.processes import worker_pool


def timed(action: Callable[[], object]) -> float:
    """Seconds until ``action`` returns; what it returns is freed after the clock stops
    (a batch's results outlive it: they are what it is run for)."""
    start = time.perf_counter()
    result = action()
    took = time.perf_counter() - start
    del result
    return took


def fast_reader(files: list[Path]) -> None:
    for path in files:
        book = calamine.CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python(skip_empty_area=False)


def fast_reader_parallel(files: list[Path], workers: int) -> None:
    """The fast reader in ``workers`` processes, chunks as evalsoc's batches send them."""
    chunks = chunks_of(files, workers)
    with worker_pool(workers) as pool:
        list(pool.map(fast_reader, chunks))


def safe_reading(files: list[Path]) -> None:
    """What evalsoc reads of a workbook before interpreting any answer."""
    for path in files:
        package, _ = open_package(path)
        if package is None:
            continue
        raw, _ = open_raw(package)
        if raw is not None:
            for name in raw.names:
                raw.sheet(name)


def pandas_loop(files: list[Path]) -> None:
    # imported here, not with the module: the worker processes are forked from a server
    # that imports this script, and `evalsoc score`'s workers do not carry pandas
    import pandas as pd  # noqa: PLC0415  (see above)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path in files:
            pd.read_excel(path, sheet_name=None, engine="openpyxl", header=None)


def best_of(runs: int, action: Callable[[], object]) -> float:
    return min(timed(action) for _ in range(runs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--pandas-sample", type=int, default=100)
    parser.add_argument("--dir", type=Path, help="reuse (or create) workbooks in this folder")
    parser.add_argument("--runs", type=int, default=2, help="passes in a row")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of all the measures")
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="evalsoc-bench-"))
    entry, ref = resolve("ardes-culture")
    files = expand_paths([folder])
    if len(files) < args.count:
        print(f"simulation de {args.count} classeurs dans {folder}…", file=sys.stderr)
        took = timed(lambda: simulate_campaign(ref, load_entry(entry).hash or "", args.count,
                                               7, folder, messy=True))
        print(f"  simulate : {took / args.count * 1000:.1f} ms/classeur", file=sys.stderr)
        files = expand_paths([folder])
    files = files[: args.count]
    n = len(files)
    sample = files[: args.pandas_sample]

    # Each measure is the best of its passes: ``runs`` in a row (the later ones find the
    # process as the earlier left it, as in one long batch), in each of ``rounds`` rounds
    # of all the measures (a busy spell on the shared machine then slows them alike
    # rather than the few taken during it).
    measures: dict[str, Callable[[], object]] = {
        "fast": lambda: fast_reader(files),
        "fast_two": lambda: fast_reader_parallel(files, 2),
        "safe": lambda: safe_reading(files),
        # as `evalsoc score -o scores.xlsx` runs: no explanations, answers not kept
        "one": lambda: check_paths(files, workers=1, answers=False),
        "two": lambda: check_paths(files, workers=2, answers=False),
        "check_one": lambda: check_paths(files, workers=1, answers=False, scores=False),
        "check_two": lambda: check_paths(files, workers=2, answers=False, scores=False),
    }
    best = dict.fromkeys(measures, float("inf"))
    for _ in range(args.rounds):
        for name, action in measures.items():
            best[name] = min(best[name], best_of(args.runs, action))
    fast, fast_two, safe, one, two, check_one, check_two = (
        best[name] / n for name in measures)
    # last: pandas and openpyxl stay loaded once used, which `evalsoc` never does (its
    # garbage collector would have their objects to walk too)
    pandas_ms = best_of(1, lambda: pandas_loop(sample)) / len(sample)
    items = check_paths(files, workers=2, answers=False)
    scored = sum(1 for i in items if i.result is not None)

    print(f"classeurs : {n} (notés : {scored}), échantillon pandas : {len(sample)}")
    print(f"lecteur rapide seul (calamine)      : {fast * 1000:7.2f} ms/classeur")
    print(f"lecteur rapide seul, 2 processus    : {fast_two * 1000:7.2f} ms/classeur")
    print(f"pandas.read_excel(openpyxl)         : {pandas_ms * 1000:7.2f} ms/classeur")
    print(f"lecture sûre (paquet, valeurs, formules et erreurs), 1 processus : "
          f"{safe * 1000:7.2f} ms/classeur")
    print(f"evalsoc check + score, 1 processus  : {one * 1000:7.2f} ms/classeur")
    print(f"evalsoc check + score, 2 processus  : {two * 1000:7.2f} ms/classeur")
    print(f"evalsoc check seul, 1 processus     : {check_one * 1000:7.2f} ms/classeur")
    print(f"evalsoc check seul, 2 processus     : {check_two * 1000:7.2f} ms/classeur")
    print(f"ratio lecture sûre / lecteur rapide : {safe / fast:5.2f}  (avant toute réponse)")
    print(f"ratio evalsoc(1) / lecteur rapide   : {one / fast:5.2f}  (cible ≤ 2)")
    print(f"ratio evalsoc(2) / lecteur rapide   : {two / fast:5.2f}  (cible ≤ 2)")
    print(f"ratio evalsoc(2) / lecteur rapide(2): {two / fast_two:5.2f}  (à nombre de "
          "processus égal)")
    print(f"ratio check(1) / lecteur rapide     : {check_one / fast:5.2f}")
    print(f"ratio check(2) / lecteur rapide(2)  : {check_two / fast_two:5.2f}")
    print(f"ratio pandas / evalsoc(1)           : {pandas_ms / one:5.1f}  (cible ≥ 10)")
    print(f"ratio pandas / evalsoc(2)           : {pandas_ms / two:5.1f}  (cible ≥ 10)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
