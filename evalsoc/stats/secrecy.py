"""Statistical secrecy, applied by default to every table of :mod:`evalsoc.stats`.

French public statistics publish no cell built on fewer than 3 units, no total where one
unit weighs more than 85 %, and hide further cells so that the masked ones cannot be
recomputed from totals (secondary suppression, see :mod:`evalsoc.stats.secondary`). The
structures agreed to share their results on those terms (OPP): lowering a threshold is
possible, never silent, and :meth:`SecrecyRules.notes` says so in the table's notes.

A masked row keeps its key columns; every statistic (n included) becomes empty,
``masque`` is True and ``motif`` says why.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from evalsoc.catalogue import Code
from evalsoc.formatting import fr_percent
from evalsoc.stats.inputs import text
from evalsoc.stats.secondary import Weights, complete_suppression, hidden_extremes

__all__ = ["DEFAULT_DOMINANCE", "DEFAULT_MIN_STRUCTURES", "META", "SecrecyRules", "protect"]

DEFAULT_MIN_STRUCTURES = 3
DEFAULT_DOMINANCE = 0.85
META = "evalsoc.stats"  # key of DataFrame.attrs describing a protected table


class SecrecyRules(BaseModel):
    """Thresholds of statistical secrecy; the defaults are the usual French ones."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    min_structures: int = Field(default=DEFAULT_MIN_STRUCTURES, ge=1)
    dominance: float = Field(default=DEFAULT_DOMINANCE, gt=0, le=1)

    def notes(self) -> list[str]:
        """French sentences describing the rules in force, warnings first."""
        return [*self._warnings(), *self._rules()]

    def _warnings(self) -> list[str]:
        found = []
        if self.min_structures == 1:
            found.append(text(Code.STAT_NOTE_NO_SECRECY))
        elif self.min_structures < DEFAULT_MIN_STRUCTURES:
            found.append(text(Code.STAT_NOTE_LOWERED, n=self.min_structures,
                              default=DEFAULT_MIN_STRUCTURES))
        if self.dominance >= 1:
            found.append(text(Code.STAT_NOTE_DOMINANCE_OFF))
        elif self.dominance > DEFAULT_DOMINANCE:
            found.append(text(Code.STAT_NOTE_DOMINANCE_LOOSER,
                              share=fr_percent(self.dominance),
                              default=fr_percent(DEFAULT_DOMINANCE)))
        return found

    def _rules(self) -> list[str]:
        found = []
        if self.min_structures > DEFAULT_MIN_STRUCTURES:
            found.append(text(Code.STAT_NOTE_RAISED, n=self.min_structures,
                              default=DEFAULT_MIN_STRUCTURES))
        if self.min_structures > 1:
            found.append(text(Code.STAT_NOTE_PRIMARY, n=self.min_structures))
        if self.dominance < 1:
            found.append(text(Code.STAT_NOTE_DOMINANCE, share=fr_percent(self.dominance)))
        found.append(text(Code.STAT_NOTE_SECONDARY))
        return found

    def motif_primary(self) -> str:
        return text(Code.STAT_MOTIF_PRIMARY, n=self.min_structures)

    def motif_dominance(self) -> str:
        return text(Code.STAT_MOTIF_DOMINANCE, share=fr_percent(self.dominance))


def _array(table: pd.DataFrame, column: str) -> np.ndarray[tuple[int], np.dtype[np.float64]]:
    return table[column].to_numpy(dtype=float, na_value=np.nan)


def _weights(table: pd.DataFrame, columns: tuple[str, str] | None,
             rules: SecrecyRules) -> Weights | None:
    if columns is None or rules.dominance >= 1:
        return None
    return Weights(_array(table, columns[0]), _array(table, columns[1]), rules.dominance)


def _motifs(rules: SecrecyRules, primary: np.ndarray, dominated: np.ndarray,
            secondary: np.ndarray) -> pd.Series:
    motif = np.select([primary, dominated, secondary],
                      [rules.motif_primary(), rules.motif_dominance(),
                       text(Code.STAT_MOTIF_SECONDARY)], default="")
    return pd.Series(motif, dtype=object).replace("", None)


def _blank_extremes(table: pd.DataFrame, breakdown: list[str], masked: np.ndarray) -> None:
    if "min" not in table.columns or "max" not in table.columns:
        return
    low = hidden_extremes(table, breakdown, masked, "min", lowest=True)
    high = hidden_extremes(table, breakdown, masked, "max", lowest=False)
    table.loc[low, "min"] = np.nan
    table.loc[high, "max"] = np.nan
    notes = np.select([low & high, low, high],
                      [text(Code.STAT_MOTIF_MINMAX), text(Code.STAT_MOTIF_MIN),
                       text(Code.STAT_MOTIF_MAX)], default="")
    table["motif"] = table["motif"].where(notes == "", pd.Series(notes, index=table.index))


def protect(table: pd.DataFrame, *, breakdown: list[str], by: Sequence[str],
            stats: Sequence[str], rules: SecrecyRules,
            dominance: tuple[str, str] | None = None) -> pd.DataFrame:
    """Primary, dominance and secondary suppression of a table built by ``with_ensemble``.

    ``dominance`` names two helper columns (largest absolute contribution, sum of absolute
    contributions) used for the dominance rule and then dropped.
    """
    out = table.reset_index(drop=True)
    n = _array(out, "n")
    weights = _weights(out, dominance, rules)
    primary = n < rules.min_structures
    dominated = np.zeros(len(out), dtype=bool)
    if weights is not None:
        dominated = (weights.total > 0) & (weights.top > rules.dominance * weights.total)
        dominated &= ~primary
    secondary = complete_suppression(out, breakdown, primary | dominated,
                                     rules.min_structures, weights)
    masked = primary | dominated | secondary
    out = out.assign(**{c: out[c].mask(masked) for c in stats}, masque=masked,
                     motif=_motifs(rules, primary, dominated, secondary))
    _blank_extremes(out, breakdown, masked)
    out = out.drop(columns=list(dominance or ()))
    out.attrs[META] = {"breakdown": list(breakdown), "by": list(by), "stats": list(stats),
                       "min_structures": rules.min_structures}
    return out
