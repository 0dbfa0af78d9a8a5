"""Sector totals of the structures' numeric answers (budgets, entries, jobs, volunteers).

Columns: campagne, <by...>, question, n, somme, moyenne, mediane, ensemble, masque,
motif. One breakdown per (campagne, question). A total is masked when it rests on fewer
than ``min_structures`` structures, or when one structure weighs more than
``rules.dominance`` of it (the biggest venue's budget must not be readable in a total).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from evalsoc.stats.aggregate import in_order, ordered, summarise, with_ensemble
from evalsoc.stats.inputs import require, require_unique, with_groups
from evalsoc.stats.secrecy import Disclosure, SecrecyRules, protect

__all__ = ["FIGURES_COLUMNS", "totals"]

FIGURES_COLUMNS = ("campagne", "structure_id", "question", "value")
BASE = ["campagne", "question"]
STATS = ["n", "somme", "moyenne", "mediane"]
WEIGHTS = ("_max_abs", "_sum_abs")


def _cells(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    table = summarise(rows, keys, value="value", quartiles=False)
    grouped = rows.groupby(keys, sort=False, observed=True)
    table.insert(1, "somme", grouped["value"].sum())
    return table.join(grouped["_abs"].agg(["max", "sum"]).set_axis(list(WEIGHTS), axis=1))


def totals(figures: pd.DataFrame, structures: pd.DataFrame, by: Sequence[str] = (),
           rules: SecrecyRules | None = None, *,
           disclosure: Disclosure | None = None) -> pd.DataFrame:
    """Per campagne, group of ``by`` and question: n, sum, mean, median of the answers
    given (an empty answer never counts as 0), with dominance and secrecy rules."""
    rules = rules or SecrecyRules()
    by = list(by)
    require(figures, "figures", FIGURES_COLUMNS)
    require(structures, "structures", ["structure_id"])
    rows = figures[figures["value"].notna()]
    require_unique(rows, "figures", ["campagne", "structure_id", "question"])
    rows = rows.assign(value=rows["value"].astype(float), _abs=rows["value"].abs(),
                       campagne=in_order(rows["campagne"]), question=in_order(rows["question"]))
    rows = with_groups(rows, structures, by, "figures")
    table = with_ensemble(rows[[*BASE, *by, "structure_id", "value", "_abs"]], BASE, by, _cells)
    table = ordered(table, BASE, by, ["campagne", *by, "question"])
    return protect(table, breakdown=BASE, by=by, stats=STATS, rules=rules, dominance=WEIGHTS,
                   disclosure=disclosure)
