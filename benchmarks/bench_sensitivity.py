"""Benchmark: ``evalsoc sensibilite`` on a 500-structure campaign, 1,000 variants.

    python benchmarks/bench_sensitivity.py [--structures 500] [--draws 1000] [--seed 3]

Writes a simulated campaign of N structures straight into a store (answers drawn and
scored as for workbooks, :mod:`evalsoc.simulate.stored`), then times, in the same run:

- the command itself (``evalsoc sensibilite``, in-process through click: reading the
  scores from the store, the variants, the summary tables), against the target: under
  60 s on this 2-core machine;
- the baseline: the same variants computed node by node with the engine's own
  ``combine()`` (:mod:`evalsoc.sensitivity.reference`), on a sample of draws, its time
  extrapolated to every draw; the ratio says what the vectorised version saves;
- and checks that both agree on the sample.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from click.testing import CliRunner

from evalsoc.cli.main import cli
from evalsoc.referentiel.registry import resolve
from evalsoc.sensitivity import Variation, variants_of
from evalsoc.sensitivity.reference import reference_scores
from evalsoc.simulate.registry import make_registry
from evalsoc.simulate.stored import store_campaign
from evalsoc.store.frames import Store

TARGET_SECONDS = 60.0
SAMPLE = 10  # draws computed the plain way


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--structures", type=int, default=500)
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    _, ref = resolve("ardes-culture@1.0.0")
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.sqlite"
        start = time.perf_counter()
        sims = make_registry(args.structures, args.seed)
        store_campaign(db, "bench", 2026, ref, sims, args.seed, [s.info for s in sims])
        print(f"campagne simulée : {args.structures} structures "
              f"({time.perf_counter() - start:.1f} s, hors mesure)")

        start = time.perf_counter()
        run = CliRunner().invoke(cli, ["sensibilite", "--campagne", "bench", "--db", str(db),
                                       "--tirages", str(args.draws), "--json"])
        command = time.perf_counter() - start
        if run.exit_code != 0:
            print(run.output, file=sys.stderr)
            return 1

        with Store(db) as store:
            scores = store.scores("bench")
        variation = Variation(draws=args.draws)
        start = time.perf_counter()
        fast = variants_of(scores, ref, variation)
        vectorised = time.perf_counter() - start
        sample = list(range(0, args.draws, max(1, args.draws // SAMPLE)))[:SAMPLE]
        start = time.perf_counter()
        plain = reference_scores(scores, ref, variation, fast.structures, sample)
        baseline = (time.perf_counter() - start) * args.draws / len(sample)
        agree = np.allclose(np.nan_to_num(plain, nan=-1.0),
                            np.nan_to_num(fast.scores[sample], nan=-1.0), atol=1e-6)

    cells = args.structures * args.draws
    print(f"evalsoc sensibilite, {args.structures} structures x {args.draws} variantes : "
          f"{command:.2f} s (objectif < {TARGET_SECONDS:.0f} s : "
          f"{'tenu' if command < TARGET_SECONDS else 'MANQUÉ'})")
    print(f"  variantes vectorisées seules : {vectorised:.2f} s "
          f"({vectorised / cells * 1e6:.2f} µs par structure et variante)")
    print(f"  référence nœud par nœud (combine() du moteur, {len(sample)} variantes "
          f"extrapolées à {args.draws}) : {baseline:.1f} s")
    print(f"  rapport référence / vectorisé : {baseline / vectorised:.0f}x ; "
          f"résultats identiques sur l'échantillon : {'oui' if agree else 'NON'}")
    return 0 if agree and command < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
