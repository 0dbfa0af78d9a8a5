"""Vectorised building blocks: one groupby per statistic family, cells plus « Ensemble ».

Every table is built the same way: a *cell builder* aggregates rows over given keys, and
:func:`with_ensemble` calls it twice, once per group of the ``by`` columns and once over
the whole population (the « Ensemble » row, whose ``by`` columns read « Ensemble »). The
set of rows sharing the base keys is a *breakdown*: its cells partition the population of
its total, which is what secondary suppression reasons about.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from evalsoc.catalogue import Code
from evalsoc.stats.inputs import text

__all__ = ["MEMBERS", "Builder", "in_order", "level_counts", "members", "ordered", "summarise",
           "with_ensemble"]

Builder = Callable[[pd.DataFrame, list[str]], pd.DataFrame]
QUARTILES = {0.25: "q1", 0.5: "mediane", 0.75: "q3"}
MEMBERS = "_membres"  # private column: dropped before anything is written


def summarise(rows: pd.DataFrame, keys: list[str], value: str = "score",
              quartiles: bool = True) -> pd.DataFrame:
    """n, moyenne, médiane and quartiles (linear interpolation, as Excel
    QUARTILE.INCLUS) of ``value`` per group of ``keys``. No minimum or maximum: each is
    one structure's own value (docs/statistiques.md)."""
    grouped = rows.groupby(keys, sort=False, observed=True)[value]
    table = grouped.agg(["count", "mean"])
    table.columns = pd.Index(["n", "moyenne"])
    if quartiles:
        spread = (grouped.quantile(np.array(list(QUARTILES))).unstack()
                  .reindex(columns=list(QUARTILES)).rename(columns=QUARTILES))
        table = table.join(spread)[["n", "moyenne", "mediane", "q1", "q3"]]
    else:
        table.insert(2, "mediane", grouped.median())
    return table.astype({"n": "Int64"})


def level_counts(rows: pd.DataFrame, keys: list[str], codes: Sequence[int | str],
                 column: str = "niveau", prefix: str = "niveau") -> pd.DataFrame:
    """n_<prefix>_<code> and part_<prefix>_<code> for every level code, zeros included."""
    counts = (rows.groupby([*keys, column], sort=False, observed=True).size()
              .unstack(fill_value=0).reindex(columns=list(codes), fill_value=0))
    total = counts.sum(axis=1).replace(0, np.nan)
    shares = counts.div(total, axis=0)
    counts.columns = pd.Index([f"n_{prefix}_{c}" for c in codes])
    shares.columns = pd.Index([f"part_{prefix}_{c}" for c in codes])
    return counts.astype("Int64").join(shares)


def members(rows: pd.DataFrame, keys: list[str]) -> pd.Series:
    """The structures behind each group of ``keys``, as sorted tuples of ids: the
    population a published figure describes (what the auditor reasons about)."""
    grouped = rows.groupby(keys, sort=False, observed=True)
    codes = grouped.ngroup().to_numpy()
    order = np.argsort(codes, kind="stable")
    ids = rows["structure_id"].astype(str).to_numpy()[order]
    cuts = np.flatnonzero(np.diff(codes[order])) + 1
    found = [tuple(sorted(set(part))) for part in np.split(ids, cuts)] if len(ids) else []
    return pd.Series(found, index=grouped.size().index, dtype=object, name=MEMBERS)


def with_ensemble(rows: pd.DataFrame, base: list[str], by: Sequence[str],
                  build: Builder) -> pd.DataFrame:
    """Cells per group of ``by`` within each ``base`` key, then the « Ensemble » rows;
    with a ``structure_id`` column in ``rows``, each row also lists its members
    (column ``_membres``)."""
    parts = []
    keep = "structure_id" in rows.columns

    def cells(keys: list[str]) -> pd.DataFrame:
        table = build(rows, keys)
        return (table.join(members(rows, keys)) if keep else table).reset_index()

    if by:
        parts.append(cells([*base, *by]).assign(ensemble=False))
    total = cells(base)
    label = text(Code.STAT_LABEL_ALL)
    parts.append(total.assign(**dict.fromkeys(by, label), ensemble=True))
    return pd.concat(parts, ignore_index=True)


def ordered(table: pd.DataFrame, base: list[str], by: Sequence[str],
            lead: Sequence[str]) -> pd.DataFrame:
    """Rows in base-key order (first appearance for categoricals), groups sorted, the
    « Ensemble » row last in each breakdown; the ``lead`` columns first."""
    table = table.sort_values([*base, "ensemble", *by], kind="stable", ignore_index=True)
    for column in base:
        if isinstance(dtype := table[column].dtype, pd.CategoricalDtype):
            table[column] = table[column].astype(dtype.categories.dtype)
    return table[[*lead, *(c for c in table.columns if c not in lead)]]


def in_order(column: pd.Series) -> pd.Categorical:
    """A categorical keeping the order of first appearance (ECO before ECO.1 before SOC)."""
    codes, uniques = pd.factorize(column, sort=False)
    return pd.Categorical.from_codes(codes, categories=uniques)
