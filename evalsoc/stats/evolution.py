"""Year-on-year change, on the same structures only.

A structure counts for a node when it has a score for that node in both campaigns; a
sector mean that moved only because other structures answered is not a change. Columns:
avant, apres, <by...>, noeud, type, libelle, dimension, n, moyenne_avant, moyenne_apres,
evolution_moyenne, evolution_mediane, n_hausse, n_stable, n_baisse, part_hausse,
part_stable, part_baisse, n_niveau_<a>_vers_<b>... (level transitions), ensemble, masque,
motif. One breakdown per node.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from evalsoc.catalogue import Code
from evalsoc.stats.aggregate import level_counts, ordered, with_ensemble
from evalsoc.stats.describe import prepared
from evalsoc.stats.inputs import (
    DEFAULT_LEVEL_SPECS,
    LevelSpec,
    NodeKind,
    StatsInputError,
    node_attributes,
    require,
    with_groups,
)
from evalsoc.stats.secrecy import Disclosure, SecrecyRules, protect

__all__ = ["STABLE_WITHIN", "evolution"]

STABLE_WITHIN = 2.5
BASE = ["avant", "apres", "noeud"]
DIRECTIONS = ("hausse", "stable", "baisse")
PAIR = ["structure_id", "noeud", "score", "niveau"]


def _transitions(pairs: pd.DataFrame, codes: list[int]) -> pd.Series:
    """« a_vers_b » for each pair, built from integer positions (fast on millions)."""
    ordered_codes = np.asarray(codes, dtype=float)
    first = np.searchsorted(ordered_codes, pairs["niveau_avant"].to_numpy(dtype=float))
    second = np.searchsorted(ordered_codes, pairs["niveau_apres"].to_numpy(dtype=float))
    labels = [f"{a}_vers_{b}" for a in codes for b in codes]
    category = pd.CategoricalDtype(pd.Index(labels))
    return pd.Series(pd.Categorical.from_codes(first * len(codes) + second, dtype=category),
                     index=pairs.index)


def _pairs(rows: pd.DataFrame, before: str, after: str, stable_within: float,
           codes: list[int]) -> pd.DataFrame:
    old = rows.loc[rows["campagne"] == before, PAIR]
    new = rows.loc[rows["campagne"] == after, [*PAIR, "type", "libelle", "dimension"]]
    pairs = old.merge(new, on=["structure_id", "noeud"], suffixes=("_avant", "_apres"))
    delta = pairs["score_apres"] - pairs["score_avant"]
    moved = np.select([delta >= stable_within, delta <= -stable_within], [0, 2], default=1)
    direction = pd.Categorical.from_codes(moved.astype(np.int64),
                                          dtype=pd.CategoricalDtype(pd.Index(DIRECTIONS)))
    return pairs.assign(delta=delta, sens=direction, transition=_transitions(pairs, codes),
                        avant=before, apres=after)


def _cells(rows: pd.DataFrame, keys: list[str], transitions: list[int | str]
           ) -> pd.DataFrame:
    grouped = rows.groupby(keys, sort=False, observed=True)
    table = pd.DataFrame({"n": grouped["delta"].count().astype("Int64"),
                          "moyenne_avant": grouped["score_avant"].mean(),
                          "moyenne_apres": grouped["score_apres"].mean(),
                          "evolution_moyenne": grouped["delta"].mean(),
                          "evolution_mediane": grouped["delta"].median()})
    directions = level_counts(rows, keys, list(DIRECTIONS), column="sens", prefix="x")
    directions.columns = pd.Index([c.replace("_x_", "_") for c in directions.columns])
    moves = level_counts(rows, keys, transitions, column="transition", prefix="niveau")
    return table.join(directions).join(moves[[f"n_niveau_{t}" for t in transitions]])


def _check_campaigns(scores: pd.DataFrame, *campaigns: str) -> None:
    known = scores["campagne"].drop_duplicates().tolist()
    for campaign in campaigns:
        if campaign not in known:
            raise StatsInputError(Code.STAT_UNKNOWN_CAMPAIGN, campagne=campaign,
                                  known=", ".join(map(str, known)))


def evolution(scores: pd.DataFrame, structures: pd.DataFrame, before: str, after: str,
              by: Sequence[str] = (), rules: SecrecyRules | None = None, *,
              nodes: NodeKind = "dimension", stable_within: float = STABLE_WITHIN,
              levels: Sequence[LevelSpec] = DEFAULT_LEVEL_SPECS,
              completude_min: float = 0.0,
              disclosure: Disclosure | None = None) -> pd.DataFrame:
    """Change from campaign ``before`` to ``after`` per node and group, on the structures
    scored in both; a change smaller than ``stable_within`` points (absolute) is stable."""
    rules = rules or SecrecyRules()
    by = list(by)
    require(scores, "scores", ["campagne"])
    require(structures, "structures", ["structure_id"])
    _check_campaigns(scores, before, after)
    rows = prepared(scores, nodes, levels, completude_min)
    codes = sorted(lv[0] for lv in levels)
    pairs = with_groups(_pairs(rows, before, after, stable_within, codes), structures, by,
                        "scores")
    transitions: list[int | str] = [f"{a}_vers_{b}" for a in codes for b in codes]
    table = with_ensemble(pairs, BASE, by, lambda r, k: _cells(r, k, transitions))
    table = table.join(node_attributes(pairs, ["noeud"], ["type", "libelle", "dimension"]),
                       on="noeud")
    stats = [c for c in table.columns if c == "n" or c.startswith(
        ("moyenne_", "evolution_", "n_", "part_"))]
    table = ordered(table, BASE, by, [*BASE[:2], *by, "noeud", "type", "libelle",
                                      "dimension"])
    return protect(table, breakdown=BASE, by=by, stats=stats, rules=rules,
                   disclosure=disclosure)
