"""Data-quality figures of a campaign, per dimension, under the same protection as the
rest: the mean completeness of the structures' answers, and how the indicator scores
that could not be computed split by reason.

Each row describes the whole population (one per dimension): it is an « Ensemble » row
of its own breakdown, put under the primary threshold and audited like any figure.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from evalsoc.stats import Disclosure, SecrecyRules
from evalsoc.stats.aggregate import members
from evalsoc.stats.secrecy import protect

__all__ = ["REASON_KEYS", "absences", "completeness"]

REASON_KEYS = ("non_concerne", "ne_sait_pas", "sans_reponse", "non_calculable",
               "trop_peu_de_repondants", "couverture_insuffisante")


def _protected(table: pd.DataFrame, stats: Sequence[str], rules: SecrecyRules,
               disclosure: Disclosure) -> pd.DataFrame:
    rows = table.assign(ensemble=True).reset_index(drop=True)
    rows["n"] = rows["n"].astype("Int64")
    if rows.empty:
        return rows.assign(masque=pd.Series(dtype=bool), motif=pd.Series(dtype=object))
    out = protect(rows, breakdown=["campagne", "noeud"], by=[], stats=list(stats),
                  rules=rules, disclosure=disclosure)
    return out.assign(masque=np.asarray(out["masque"], dtype=bool))


def completeness(scores: pd.DataFrame, dimensions: Sequence[str], rules: SecrecyRules,
                 disclosure: Disclosure) -> pd.DataFrame:
    """campagne, noeud, n, completude (mean share of the answers expected), per
    dimension in ``dimensions`` order."""
    dims = scores[scores["type"] == "dimension"]
    keys = ["campagne", "noeud"]
    grouped = dims.groupby(keys, sort=False, observed=True)
    table = grouped.agg(n=("structure_id", "nunique"), completude=("completude", "mean"))
    table = table.join(members(dims, keys)).reset_index()
    order = {d: i for i, d in enumerate(dimensions)}
    table = table[table["noeud"].isin(order)]
    table = table.iloc[table["noeud"].map(order).argsort(kind="stable")]
    return _protected(table, ["n", "completude"], rules, disclosure)


def absences(scores: pd.DataFrame, dimensions: Sequence[str], rules: SecrecyRules,
             disclosure: Disclosure) -> pd.DataFrame:
    """campagne, noeud, n, attendus (indicator scores expected), part_score and one
    part_<reason> per reason an indicator has no score (informational ones aside)."""
    rows = scores[(scores["type"] == "indicateur") & (scores["absence"] != "informatif")]
    scored = pd.Series(np.where(rows["score"].notna(), "score", "sans_reponse"),
                       index=rows.index)
    reason = rows["absence"].astype(object).where(rows["absence"].notna(), scored)
    shares = pd.crosstab([rows["campagne"], rows["dimension"]], reason, normalize="index")
    keys = ["campagne", "dimension"]
    grouped = rows.groupby(keys, sort=False, observed=True)
    table = pd.DataFrame({"n": grouped["structure_id"].nunique(), "attendus": grouped.size()})
    table = table.join(members(rows, keys)).join(shares.rename(columns=lambda c: f"part_{c}"))
    table = table.reset_index().rename(columns={"dimension": "noeud"})
    for key in ("score", *REASON_KEYS):
        if f"part_{key}" not in table:
            table[f"part_{key}"] = 0.0
    order = {d: i for i, d in enumerate(dimensions)}
    table = table[table["noeud"].isin(order)]
    table = table.iloc[table["noeud"].map(order).argsort(kind="stable")]
    stats = ["n", "attendus", "part_score", *(f"part_{k}" for k in REASON_KEYS)]
    return _protected(table, stats, rules, disclosure)
