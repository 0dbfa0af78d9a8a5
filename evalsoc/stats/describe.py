"""Scores of a campaign described per group of structures: the core sector table.

Columns: campagne, annee, <by...>, noeud, type, libelle, dimension, n, moyenne, mediane,
q1, q3, n_niveau_<code>... and part_niveau_<code>... for every level of the
référentiel, ensemble, masque, motif. One breakdown per (campagne, noeud).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import pandas as pd

from evalsoc.stats.aggregate import in_order, level_counts, ordered, summarise, with_ensemble
from evalsoc.stats.inputs import (
    DEFAULT_LEVEL_SPECS,
    LevelSpec,
    NodeKind,
    level_codes,
    node_attributes,
    require,
    scored,
    select_nodes,
    with_groups,
)
from evalsoc.stats.secrecy import Disclosure, SecrecyRules, protect

__all__ = ["SCORES_COLUMNS", "describe"]

SCORES_COLUMNS = ("campagne", "annee", "structure_id", "noeud", "type", "libelle",
                  "dimension", "score", "niveau", "completude", "absence")
BASE = ["campagne", "noeud"]
ATTRIBUTES = ["annee", "type", "libelle", "dimension"]
STATS = ["n", "moyenne", "mediane", "q1", "q3"]


def _cells(rows: pd.DataFrame, keys: list[str], codes: list[int]) -> pd.DataFrame:
    return summarise(rows, keys).join(level_counts(rows, keys, codes))


def prepared(scores: pd.DataFrame, nodes: NodeKind, levels: Sequence[LevelSpec],
             completude_min: float) -> pd.DataFrame:
    """The scored rows of the chosen nodes, with levels and ordered keys."""
    require(scores, "scores", SCORES_COLUMNS)
    rows = scored(select_nodes(scores[list(SCORES_COLUMNS)], nodes), completude_min)
    return rows.assign(niveau=level_codes(rows, levels), noeud=in_order(rows["noeud"]),
                       campagne=in_order(rows["campagne"]))


def describe(scores: pd.DataFrame, structures: pd.DataFrame, by: Sequence[str] = (),
             nodes: NodeKind = "dimension", rules: SecrecyRules | None = None, *,
             levels: Sequence[LevelSpec] = DEFAULT_LEVEL_SPECS,
             completude_min: float = 0.0,
             disclosure: Disclosure | None = None) -> pd.DataFrame:
    """Per campagne, group of ``by`` (registry columns) and node: n, mean, median,
    quartiles and level distribution, with an « Ensemble » row, secrecy applied.

    Only structures with a score for the node count (no absence reason; ``completude``
    at least ``completude_min``): « non concerné » or « ne sait pas » never count as 0.
    """
    rules = rules or SecrecyRules()
    by = list(by)
    require(structures, "structures", ["structure_id"])
    rows = with_groups(prepared(scores, nodes, levels, completude_min), structures, by,
                       "scores")
    codes = [lv[0] for lv in levels]
    table = with_ensemble(rows[[*BASE, *by, "structure_id", "score", "niveau"]], BASE, by,
                          partial(_cells, codes=codes))
    table = table.join(node_attributes(rows, BASE, ATTRIBUTES), on=BASE)
    stats = [*STATS, *(c for c in table.columns if c.startswith(("n_niveau", "part_niveau")))]
    table = ordered(table, BASE, by, ["campagne", "annee", *by, "noeud", "type", "libelle",
                                      "dimension"])
    return protect(table, breakdown=BASE, by=by, stats=stats, rules=rules,
                   disclosure=disclosure)
