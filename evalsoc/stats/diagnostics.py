"""Sector figures of a diagnostic: medians of its ratios, shares of structures in red.

A diagnostic's values are not scores: they are never averaged into anything, and a mean
of ratios would say little (one structure in crisis moves it). What the sector view of
the financial self-diagnosis publishes, for the reference exercise, is:

- :func:`ratio_medians`: per group of structures and indicator, how many structures have
  a value (``n``) and the median value (``mediane``), published from as many unknown
  members as any median (:class:`~evalsoc.stats.SecrecyRules`);
- :func:`red_shares`: per group and indicator, how many structures have a band (``n``),
  how many are in red (``n_rouge``) and their share (``part_rouge``), published like a
  distribution (from as many unknown members as quartiles).

Both take a frame of one value per (campagne, structure_id, indicateur): ``valeur`` for
medians, ``bande`` for red shares (rows without one are left out: « non calculable » is
never counted as anything). The secrecy rules apply as to every table (primary and
secondary suppression; the publication auditor then checks them with the rest).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from evalsoc.stats.aggregate import in_order, ordered, with_ensemble
from evalsoc.stats.inputs import require, with_groups
from evalsoc.stats.secrecy import Disclosure, SecrecyRules, protect

__all__ = ["BANDS_COLUMNS", "RED", "VALUES_COLUMNS", "ratio_medians", "red_shares"]

VALUES_COLUMNS = ("campagne", "structure_id", "indicateur", "valeur")
BANDS_COLUMNS = ("campagne", "structure_id", "indicateur", "bande")
BASE = ["campagne", "indicateur"]
RED = "rouge"


def _medians(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    grouped = rows.groupby(keys, sort=False, observed=True)["valeur"]
    table = pd.DataFrame({"n": grouped.count(), "mediane": grouped.median()})
    return table.astype({"n": "Int64"})


def _reds(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    grouped = rows.groupby(keys, sort=False, observed=True)["_rouge"]
    table = pd.DataFrame({"n": grouped.count(), "n_rouge": grouped.sum()})
    table["part_rouge"] = table["n_rouge"] / table["n"].where(table["n"] > 0)
    return table.astype({"n": "Int64", "n_rouge": "Int64"})


def _prepared(frame: pd.DataFrame, column: str, structures: pd.DataFrame,
              by: list[str], table: str) -> pd.DataFrame:
    rows = frame[frame[column].notna()]
    rows = rows.assign(campagne=in_order(rows["campagne"]),
                       indicateur=in_order(rows["indicateur"]))
    return with_groups(rows, structures, by, table)


def ratio_medians(values: pd.DataFrame, structures: pd.DataFrame, by: Sequence[str] = (),
                  rules: SecrecyRules | None = None, *,
                  disclosure: Disclosure | None = None) -> pd.DataFrame:
    """Per campagne, group of ``by`` and indicator: n and the median value."""
    rules = rules or SecrecyRules()
    by = list(by)
    require(values, "valeurs", VALUES_COLUMNS)
    require(structures, "structures", ["structure_id"])
    rows = _prepared(values, "valeur", structures, by, "valeurs")
    rows = rows.assign(valeur=rows["valeur"].astype(float))
    table = with_ensemble(rows[[*BASE, *by, "structure_id", "valeur"]], BASE, by, _medians)
    table = ordered(table, BASE, by, ["campagne", *by, "indicateur"])
    return protect(table, breakdown=BASE, by=by, stats=["n", "mediane"], rules=rules,
                   disclosure=disclosure)


def red_shares(bands: pd.DataFrame, structures: pd.DataFrame, by: Sequence[str] = (),
               rules: SecrecyRules | None = None, *,
               disclosure: Disclosure | None = None) -> pd.DataFrame:
    """Per campagne, group of ``by`` and indicator: n, the structures in red and their
    share."""
    rules = rules or SecrecyRules()
    by = list(by)
    require(bands, "bandes", BANDS_COLUMNS)
    require(structures, "structures", ["structure_id"])
    rows = _prepared(bands, "bande", structures, by, "bandes")
    rows = rows.assign(_rouge=(rows["bande"] == RED).astype(int))
    table = with_ensemble(rows[[*BASE, *by, "structure_id", "_rouge"]], BASE, by, _reds)
    table = ordered(table, BASE, by, ["campagne", *by, "indicateur"])
    return protect(table, breakdown=BASE, by=by, stats=["n", "n_rouge", "part_rouge"],
                   rules=rules, disclosure=disclosure)
