"""Secondary suppression: masked cells must not be recomputable from the published ones.

In a breakdown the cells partition the population of the « Ensemble » row, so every
additive figure (n, a sum, a mean times n, a count per level) of the masked cells taken
together is the total minus the published cells. That union is therefore *published in
effect*; it must itself pass the rules:

- it is never a single cell (else that cell is the difference, exactly);
- it holds at least ``min_structures`` structures (else the difference reveals fewer),
  and no unknown member or at least ``min_structures`` of them (a structure published
  on its own elsewhere gives no cover);
- no structure weighs more than the dominance share of its total (for totals).

While the union fails, the smallest published cell (never the « Ensemble » row) joins it.
This reasons within one table; what several tables reveal together is the publication
auditor's business (:mod:`evalsoc.audit`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["Weights", "complete_suppression"]

Int = np.ndarray[tuple[int], np.dtype[np.int64]]
Bool = np.ndarray[tuple[int], np.dtype[np.bool_]]
Float = np.ndarray[tuple[int], np.dtype[np.float64]]


@dataclass(frozen=True)
class Weights:
    """Per row: the largest single contribution and the sum of contributions (absolute)."""

    top: Float
    total: Float
    share: float


def _breakdowns(table: pd.DataFrame, breakdown: Sequence[str]) -> list[Int]:
    """Row positions of each breakdown."""
    ids = table.groupby(list(breakdown), sort=False, observed=True, dropna=False).ngroup()
    order = np.argsort(ids.to_numpy(), kind="stable")
    cuts = np.flatnonzero(np.diff(ids.to_numpy()[order])) + 1
    return list(np.split(order, cuts))


def _exposed(n: Float, unknown: Float, minimum: int, weights: Weights | None,
             rows: Int) -> bool:
    hidden = unknown[rows].sum()
    if rows.size == 1 or n[rows].sum() < minimum or 0 < hidden < minimum:
        return True
    if weights is None:
        return False
    total = weights.total[rows].sum()
    return bool(total > 0 and weights.top[rows].max() > weights.share * total)


def _complete(cells: Int, n: Float, unknown: Float, masked: Bool, minimum: int,
              weights: Weights | None) -> list[int]:
    added: list[int] = []
    while True:
        hidden = cells[masked[cells]]
        if hidden.size == 0 or not _exposed(n, unknown, minimum, weights, hidden):
            return added
        free = cells[~masked[cells]]
        if free.size == 0:
            return added
        pick = int(free[np.argmin(n[free])])
        masked[pick] = True
        added.append(pick)


def complete_suppression(table: pd.DataFrame, breakdown: Sequence[str], masked: Bool,
                         minimum: int, weights: Weights | None = None,
                         unknown: Float | None = None) -> Bool:
    """The cells to mask in addition to ``masked`` (rows in ``table`` order);
    ``unknown`` counts each row's members not published elsewhere (default: all)."""
    n = table["n"].to_numpy(dtype=float, na_value=np.nan)
    unknown = np.nan_to_num(n) if unknown is None else np.nan_to_num(unknown)
    total = table["ensemble"].to_numpy(dtype=bool)
    current = masked.copy()
    secondary = np.zeros(len(table), dtype=bool)
    for rows in _breakdowns(table, breakdown):
        cells = rows[~total[rows]]
        if current[cells].any():
            secondary[_complete(cells, n, unknown, current, minimum, weights)] = True
    return secondary
