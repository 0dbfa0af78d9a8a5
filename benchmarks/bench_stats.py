"""Benchmark: sector statistics on a synthetic campaign pair, secrecy included.

    python benchmarks/bench_stats.py [--structures 10000] [--seed 7] [--nodes all]

Builds, with a seed, scores for N structures x 85 nodes (6 dimensions, 18 critères, 61
indicators) x 2 campaigns, the registry, respondents and numeric answers, in the shape the
store hands over (see evalsoc.stats). Then times describe() by département, territoire and
discipline, respondent_figures(), divergence(), evolution() and totals(), and prints the
seconds of each step and the total against the target: under 10 s on 2 cores. A last
step outside the target times a very fine breakdown, where secondary suppression works
hardest.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from evalsoc.stats import (
    SecrecyRules,
    describe,
    divergence,
    evolution,
    respondent_figures,
    totals,
)

TARGET_SECONDS = 10.0
DIMENSIONS = ("ECO", "SOC", "CULT", "TERR", "GOUV", "INNOV")
GROUPS = ("structure", "benevoles", "salaries", "publics", "partenaires", "mixte")
ABSENCES = ("non_concerne", "ne_sait_pas", "sans_reponse", "trop_peu_de_repondants")
QUESTIONS = ("budget_total", "entrees_totales", "nb_emplois_permanents",
             "nb_benevoles_reguliers")
DISCIPLINES = ("musiques actuelles", "théâtre", "festival", "cinéma associatif",
               "arts visuels", "danse", "enseignement artistique", "patrimoine")


def nodes() -> pd.DataFrame:
    """85 nodes: 6 dimensions, 3 critères each, 61 indicators spread over them."""
    rows: list[tuple[str, str, str, str | None]] = []
    indicators = iter(range(61))
    for d, dim in enumerate(DIMENSIONS):
        rows.append((dim, "dimension", dim, None))
        for c in range(1, 4):
            rows.append((f"{dim}.{c}", "critere", dim, None))
            count = 4 if (d * 3 + c) <= 7 else 3
            for i in range(1, count + 1):
                k = next(indicators, None)
                if k is not None:
                    rows.append((f"{dim}.{c}.{i}", "indicateur", dim, GROUPS[k % len(GROUPS)]))
    frame = pd.DataFrame(rows, columns=["noeud", "type", "dimension", "groupe_source"])
    return frame.assign(libelle="Nœud " + frame["noeud"])


def registry(count: int, rng: np.random.Generator) -> pd.DataFrame:
    ids = [f"S{i:05d}" for i in range(count)]
    return pd.DataFrame({
        "structure_id": ids,
        "nom": [f"Association fictive {i}" for i in range(count)],
        "departement": rng.choice(["14", "50", "61"], count, p=[0.45, 0.35, 0.2]),
        "commune": [f"Commune {k}" for k in rng.integers(0, 40, count)],
        "territoire": rng.choice(["urbain", "urbain en environnement rural", "rural"], count),
        "discipline": rng.choice(DISCIPLINES, count),
        "taille": rng.choice(["TPE", "petite", "moyenne", "grande"], count),
        "consentement": rng.choice(["nominative", "anonyme", "aucune"], count,
                                   p=[0.55, 0.35, 0.1]),
    })


def scores(structures: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    tree = nodes()
    parts = []
    for year in (2023, 2024):
        present = structures["structure_id"][rng.random(len(structures)) < 0.9].to_numpy()
        latent = rng.normal(55, 15, len(present))
        ids = np.repeat(present, len(tree))
        score = np.clip(np.repeat(latent, len(tree)) + rng.normal(0, 12, ids.size), 0, 100)
        absent = rng.random(ids.size) < 0.05
        frame = pd.DataFrame({"campagne": f"campagne {year}", "annee": year,
                              "structure_id": ids, "score": np.where(absent, np.nan, score),
                              "completude": np.where(absent, 0.0, 1.0),
                              "absence": pd.Series(rng.choice(ABSENCES, ids.size)).where(
                                  absent)})
        layout = tree.iloc[np.tile(np.arange(len(tree)), len(present))].reset_index(drop=True)
        parts.append(pd.concat([frame, layout], axis=1).assign(niveau=np.nan))
    return pd.concat(parts, ignore_index=True)


def respondents(frame: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    pairs = frame[["campagne", "structure_id"]].drop_duplicates()
    rows = [pairs.assign(groupe=g, n=1 if g == "structure" else rng.integers(3, 40, len(pairs)))
            for g in GROUPS[:-1]]
    return pd.concat(rows, ignore_index=True)


def figures(frame: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    pairs = frame[["campagne", "structure_id"]].drop_duplicates()
    scale = {"budget_total": 300_000, "entrees_totales": 8_000, "nb_emplois_permanents": 5,
             "nb_benevoles_reguliers": 25}
    rows = [pairs.assign(question=q, value=np.round(s * rng.lognormal(0, 0.8, len(pairs))))
            for q, s in scale.items()]
    return pd.concat(rows, ignore_index=True)


def _describe(notes: pd.DataFrame, registre: pd.DataFrame, by: list[str], nodes: str,
              rules: SecrecyRules) -> Callable[[], pd.DataFrame]:
    return lambda: describe(notes, registre, by, nodes, rules)  # type: ignore[arg-type]


def timed(label: str, action: Callable[[], pd.DataFrame]) -> float:
    start = time.perf_counter()
    table = action()
    seconds = time.perf_counter() - start
    masked = int(table["masque"].sum())
    print(f"  {label:<38} {seconds:6.2f} s  ({len(table)} lignes, {masked} masquées)")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--structures", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--nodes", default="all",
                        choices=["dimension", "critere", "indicateur", "all"])
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    start = time.perf_counter()
    registre = registry(args.structures, rng)
    notes = scores(registre, rng)
    repondants, chiffres = respondents(notes, rng), figures(notes, rng)
    print(f"données synthétiques : {len(notes):,} lignes de scores, "
          f"{len(chiffres):,} chiffres ({time.perf_counter() - start:.1f} s)")
    rules = SecrecyRules()
    steps: list[tuple[str, Callable[[], pd.DataFrame]]] = [
        *((f"describe par {col}", _describe(notes, registre, [col], args.nodes, rules))
          for col in ("departement", "territoire", "discipline")),
        ("respondent_figures par departement",
         lambda: respondent_figures(notes, repondants, registre, ["departement"], rules)),
        ("divergence par departement",
         lambda: divergence(notes, registre, ["departement"], rules)),
        ("evolution 2023 -> 2024 par departement",
         lambda: evolution(notes, registre, "campagne 2023", "campagne 2024",
                           ["departement"], rules, nodes=args.nodes)),
        ("totals par departement", lambda: totals(chiffres, registre, ["departement"], rules)),
    ]
    total = sum(timed(label, action) for label, action in steps)
    verdict = "atteint" if total < TARGET_SECONDS else "MANQUÉ"
    print(f"total {total:.2f} s ; objectif < {TARGET_SECONDS:.0f} s : {verdict}")
    print("hors objectif, découpage fin (beaucoup de masquage secondaire) :")
    timed("describe commune x discipline x taille",
          _describe(notes, registre, ["commune", "discipline", "taille"], args.nodes, rules))
    return 0 if total < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
