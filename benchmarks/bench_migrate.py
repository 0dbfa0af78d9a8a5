"""Benchmark: migrate a stored campaign to the next version of its référentiel.

    python benchmarks/bench_migrate.py [--count 500] [--seed 5]

A campaign of ``--count`` simulated structures (with their bénévoles) is stored under the
test référentiel ``essai-versions@1.0.0`` (tests/data/referentiels: its 1.1.0 crosswalk
uses every kind of change), as ``evalsoc ingest`` stores valid workbooks. The baseline,
measured in the same run, is that storing: drawing, scoring and writing the same
campaign. Then, each as a command run from the shell (startup included):
``evalsoc migrate --dry-run``, ``evalsoc migrate``, ``evalsoc migrate --annuler``.
Target: the migration of 500 structures under 10 s on this machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IDENT = "essai-versions"


def referentiels(target: Path) -> Path:
    """The shipped référentiels and the test one, as the tests see them."""
    shutil.copytree(ROOT / "referentiels", target)
    shutil.copytree(ROOT / "tests" / "data" / "referentiels" / IDENT, target / IDENT)
    return target


def command(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "evalsoc", *args], check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="evalsoc-migrate-"))
    root = referentiels(work / "referentiels")
    os.environ["EVALSOC_REFERENTIELS"] = str(root)
    from evalsoc.referentiel.registry import resolve  # noqa: PLC0415
    from evalsoc.simulate.registry import make_registry  # noqa: PLC0415
    from evalsoc.simulate.stored import store_campaign  # noqa: PLC0415

    db = work / "base.sqlite"
    _, old = resolve(f"{IDENT}@1.0.0", root)
    structures = make_registry(args.count, args.seed)
    start = time.perf_counter()
    store_campaign(db, "2025", 2025, old, structures, args.seed,
                   [s.info for s in structures], root)
    baseline = time.perf_counter() - start
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT COUNT(*) FROM scores").fetchone()[0]
        answers = conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
    base = ("--campagne", "2025", "--db", str(db))
    dry = command("migrate", *base, "--vers", f"{IDENT}@1.1.0", "--dry-run")
    migrate = command("migrate", *base, "--vers", f"{IDENT}@1.1.0")
    undo = command("migrate", *base, "--annuler")
    startup = command("--version")
    print(f"campagne : {args.count} structures, {answers} réponses, {rows} lignes de "
          f"scores ({IDENT} 1.0.0 -> 1.1.0)")
    print(f"référence, écriture de la campagne (tirage, notation, écriture) : "
          f"{baseline:.2f} s")
    print(f"démarrage de la commande evalsoc (--version)   : {startup:.2f} s")
    for label, took in (("migrate --dry-run", dry), ("migrate", migrate),
                        ("migrate --annuler", undo)):
        print(f"{label:<19} : {took:6.2f} s  ({took / baseline:.2f} x la référence, "
              f"{args.count / took:.0f} structures/s)")
    verdict = "atteinte" if migrate < 10 else "MANQUÉE"
    print(f"cible : migrer {args.count} structures en moins de 10 s : {verdict} "
          f"({migrate:.2f} s)")
    shutil.rmtree(work, ignore_errors=True)
    return 0 if migrate < 10 else 1


if __name__ == "__main__":
    raise SystemExit(main())
