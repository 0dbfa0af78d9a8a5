"""An attacker's view of a protected table: can a masked cell be recomputed?

:func:`recoverable_cells` plays the reader who holds the published table only. Within
each breakdown it subtracts the published cells from the « Ensemble » row, which gives
the masked cells *taken together* (n, sum, mean), and reports:

- a masked cell alone in its breakdown: its n, sum and mean are that difference;
- masked cells together below the threshold: their union reveals fewer structures;
- an « Ensemble » min or max that no published cell attains (it lies in a masked cell);
- a masked row that still shows a statistic.

This is the linear attack (differences of additive figures) that secondary suppression
defends against. Counts per group are not what secrecy protects (the registry says where
structures are); still, reasoning on whole numbers and motifs can sometimes pin down a
masked cell's n (never its sum or mean): three masked singletons under a total of 3 are
each n = 1. Outside knowledge and several tables read together are not modelled either
(see docs/statistiques.md). :func:`check_recoverable` raises when anything is found.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from evalsoc.stats.secrecy import META

__all__ = ["DisclosureError", "check_recoverable", "recoverable_cells"]


class DisclosureError(ValueError):
    """A masked cell of a table can be recomputed from the published figures."""


def _meta(table: pd.DataFrame, breakdown: list[str] | None,
          min_structures: int | None) -> tuple[list[str], list[str], int]:
    meta: dict[str, Any] = table.attrs.get(META, {})
    keys = breakdown if breakdown is not None else meta.get("breakdown")
    if keys is None:
        raise ValueError("breakdown columns unknown: pass breakdown=[...]")
    stats = list(meta.get("stats", ["n"]))
    return list(keys), stats, int(min_structures or meta.get("min_structures", 3))


def _value(total: pd.Series, shown: pd.DataFrame, column: str) -> float:
    if column == "moyenne":
        weighted = float(total["moyenne"]) * float(total["n"])
        return weighted - float((shown["moyenne"] * shown["n"]).sum())
    return float(total[column]) - float(shown[column].sum())


def _union(label: str, total: pd.Series, shown: pd.DataFrame, hidden: pd.DataFrame,
           minimum: int) -> list[str]:
    rest = _value(total, shown, "n")
    found = []
    if len(hidden) == 1:
        found.append(f"{label}: n = {rest:g} (total minus published cells)")
        for column in ("somme", "moyenne"):
            if column in total.index and pd.notna(total[column]) and rest > 0:
                value = _value(total, shown, column)
                found.append(f"{label}: {column} = "
                             f"{value / rest if column == 'moyenne' else value:g}")
    elif rest < minimum:
        found.append(f"{label}: {len(hidden)} masked cells hold {rest:g} structures")
    return found


def _extremes(label: str, total: pd.Series, shown: pd.DataFrame) -> list[str]:
    found = []
    for column, lowest in (("min", True), ("max", False)):
        if column not in total.index or pd.isna(total[column]):
            continue
        values = shown[column].dropna()
        if values.empty or (total[column] < values.min() if lowest
                            else total[column] > values.max()):
            found.append(f"{label}: Ensemble {column} {total[column]:g} lies in a masked cell")
    return found


def _attack(label: str, rows: pd.DataFrame, stats: list[str], minimum: int) -> list[str]:
    leaking = rows[rows["masque"]][stats].notna().any(axis=1)
    found = [f"{label}: masked row {i} still shows a figure" for i in leaking[leaking].index]
    totals = rows[rows["ensemble"]]
    if len(totals) != 1 or pd.isna(totals["n"].iloc[0]):
        return found
    total = totals.iloc[0]
    cells = rows[~rows["ensemble"]]
    hidden, shown = cells[cells["masque"]], cells[~cells["masque"]]
    if hidden.empty:
        return found
    found += _union(label, total, shown, hidden, minimum)
    return found + _extremes(label, total, shown)


def recoverable_cells(table: pd.DataFrame, breakdown: list[str] | None = None,
                      min_structures: int | None = None) -> list[str]:
    """What a reader of ``table`` alone could recompute; empty when the table is safe."""
    keys, stats, minimum = _meta(table, breakdown, min_structures)
    stats = [c for c in stats if c in table.columns]
    numeric = table.assign(**{c: pd.to_numeric(table[c], errors="coerce").astype(float)
                              for c in stats})
    found: list[str] = []
    for key, rows in numeric.groupby(keys, sort=False, observed=True, dropna=False):
        label = " / ".join(str(k) for k in (key if isinstance(key, tuple) else (key,)))
        found += _attack(label, rows, stats, minimum)
    return found


def check_recoverable(table: pd.DataFrame, breakdown: list[str] | None = None,
                      min_structures: int | None = None) -> None:
    """Raise :class:`DisclosureError` if a masked cell can be recomputed."""
    found = recoverable_cells(table, breakdown, min_structures)
    if found:
        raise DisclosureError("; ".join(found))
