"""How often must the publication auditor withdraw a median or quartiles, by the number
of unknown structures behind them? The figures behind the sizes from which evalsoc
publishes order statistics (docs/statistiques.md, « Médianes et quartiles »).

    python benchmarks/order_statistics.py [--campaigns 120] [--seed 0]

Random simulated campaigns (3 to 40 structures, random consents, départements and
disciplines, with a previous campaign) are published with *every* median and quartile
allowed (``min_median=1``, ``min_quartiles=1``): whatever the auditor then withdraws
from a published row, it withdrew because that figure, with everything else published,
gave a structure's score away. Printed: per number of unknown members of the cell, the
cells publishing a median or quartiles, and the share the auditor had to withdraw.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np

from evalsoc.publish.inputs import load_sector_inputs
from evalsoc.publish.publication import Publication
from evalsoc.referentiel.registry import resolve
from evalsoc.simulate.registry import SimStructure, make_registry
from evalsoc.simulate.stored import store_campaign
from evalsoc.stats import SecrecyRules
from evalsoc.stats.aggregate import MEMBERS
from evalsoc.store.frames import Store

CONSENTS = ("nominative", "anonyme", "aucune")
BANDS = ((1, 2), (3, 4), (5, 6), (7, 9), (10, 14), (15, 24), (25, 99))


def campaign(seed: int, db: Path) -> None:
    _, ref = resolve("ardes-culture")
    rng = random.Random(seed)
    everyone = make_registry(rng.randint(3, 48), seed)
    departements = rng.sample(["14", "27", "50", "61", "76"], rng.randint(1, 4))
    weights = [rng.random() for _ in CONSENTS]
    structures = [SimStructure(s.info.model_copy(update={
        "departement": rng.choice(departements),
        "consentement": rng.choices(CONSENTS, weights)[0]}), s.budget) for s in everyone]
    store_campaign(db, "avant", 2025, ref, [s for s in structures if rng.random() < 0.85][:40]
                   or structures[:3], seed)
    store_campaign(db, "apres", 2026, ref, [s for s in structures if rng.random() < 0.85][:40]
                   or structures[-3:], seed + 1)


def band(u: int) -> str:
    low, high = next(b for b in BANDS if b[0] <= u <= b[1])
    return f"{low}-{high}" if high < 99 else f"{low}+"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--campaigns", type=int, default=120)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rules = SecrecyRules(min_median=1, min_quartiles=1)
    shown: dict[str, Counter[str]] = {"mediane": Counter(), "q1": Counter()}
    withdrawn: dict[str, Counter[str]] = {"mediane": Counter(), "q1": Counter()}
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(args.seed, args.seed + args.campaigns):
            db = Path(tmp) / f"c{seed}.sqlite"
            campaign(seed, db)
            with Store(db) as store:
                publication = Publication(load_sector_inputs(store, "apres", "avant"), rules)
            named = publication.population.named
            for table_id, table in publication.tables.items():
                if not table_id.startswith(("secteur:", "enjeux:")):
                    continue
                live = table[~table["masque"].astype(bool)]
                upper = live["type"].isin(["dimension", "critere"]).to_numpy()
                for members, is_upper, median, q1 in zip(
                        live[MEMBERS], upper, live["mediane"], live["q1"], strict=True):
                    u = len(set(members) - named) if is_upper else len(members)
                    if u == 0:
                        continue
                    for column, value in (("mediane", median), ("q1", q1)):
                        shown[column][band(u)] += 1
                        withdrawn[column][band(u)] += bool(np.isnan(value))
            print(f"campagne {seed} : {len(publication.population.included)} structures, "
                  f"{publication.rounds} tour(s)", file=sys.stderr)
    print("inconnues  médianes  retirées  quartiles  retirés")
    for low, high in BANDS:
        key = f"{low}-{high}" if high < 99 else f"{low}+"
        m, q = shown["mediane"][key], shown["q1"][key]
        print(f"{key:>9} {m:9d} {withdrawn['mediane'][key] / max(m, 1):9.1%} "
              f"{q:10d} {withdrawn['q1'][key] / max(q, 1):8.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
