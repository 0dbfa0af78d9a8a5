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

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from evalsoc.catalogue import Code
from evalsoc.stats.aggregate import MEMBERS
from evalsoc.stats.inputs import text
from evalsoc.stats.secondary import Weights, complete_suppression
from evalsoc.support.formatting import fr_percent

__all__ = ["DEFAULT_DOMINANCE", "DEFAULT_MIN_MEDIAN", "DEFAULT_MIN_QUARTILES",
           "DEFAULT_MIN_STRUCTURES", "DEFAULT_PROTECTION", "META", "Disclosure", "SecrecyRules",
           "protect", "row_keys"]

DEFAULT_MIN_STRUCTURES = 3
DEFAULT_DOMINANCE = 0.85
DEFAULT_MIN_MEDIAN = 7  # unknown members from which a median is published
DEFAULT_MIN_QUARTILES = 10  # unknown members from which quartiles are published
DEFAULT_PROTECTION = 10.0  # points of a 0-100 score (10 % of a magnitude)
META = "evalsoc.stats"  # key of DataFrame.attrs describing a protected table


class SecrecyRules(BaseModel):
    """Thresholds of statistical secrecy; the defaults are the usual French ones, plus
    the sizes from which order statistics are published and the protection the
    publication auditor owes every unpublished value (docs/statistiques.md)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    min_structures: int = Field(default=DEFAULT_MIN_STRUCTURES, ge=1)
    dominance: float = Field(default=DEFAULT_DOMINANCE, gt=0, le=1)
    min_median: int = Field(default=DEFAULT_MIN_MEDIAN, ge=1)
    min_quartiles: int = Field(default=DEFAULT_MIN_QUARTILES, ge=1)
    protection: float = Field(default=DEFAULT_PROTECTION, ge=0, le=50)

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


@dataclass(frozen=True)
class Disclosure:
    """What the publication around a table tells about its rows.

    ``unknown`` counts, per row, the members whose value for that row is *not* published
    individually elsewhere (a named row of an export publishes a structure's scores:
    a cell mixing it with one unnamed structure gives the unnamed one away). By default
    every member is unknown. ``forced`` lists, by row key (:func:`row_keys`), what the
    publication auditor asked to hide: ``"*"`` for the whole row, or statistic columns.
    """

    unknown: Callable[[pd.DataFrame], np.ndarray] | None = None
    forced: Mapping[tuple[str, ...], frozenset[str]] = field(default_factory=dict)


ORDER_COLUMNS = {"mediane": "min_median", "evolution_mediane": "min_median",
                 "q1": "min_quartiles", "q3": "min_quartiles"}
# counts per level or per direction of change: a distribution, published like quartiles
DISTRIBUTIONS = ("n_niveau_", "part_niveau_", "n_hausse", "n_stable", "n_baisse",
                 "part_hausse", "part_stable", "part_baisse", "n_rouge", "part_rouge")


def row_keys(table: pd.DataFrame, breakdown: Sequence[str], by: Sequence[str]
             ) -> list[tuple[str, ...]]:
    """A stable key per row: its breakdown and group values, as text."""
    columns = [table[c].astype(str) for c in (*breakdown, *by) if c in table.columns]
    return list(zip(*columns, strict=True)) if columns else [() for _ in range(len(table))]


def _array(table: pd.DataFrame, column: str) -> np.ndarray[tuple[int], np.dtype[np.float64]]:
    return table[column].to_numpy(dtype=float, na_value=np.nan)


def _weights(table: pd.DataFrame, columns: tuple[str, str] | None,
             rules: SecrecyRules) -> Weights | None:
    if columns is None or rules.dominance >= 1:
        return None
    return Weights(_array(table, columns[0]), _array(table, columns[1]), rules.dominance)


def _motifs(rules: SecrecyRules, small: np.ndarray, unnamed: np.ndarray,
            dominated: np.ndarray, audited: np.ndarray, secondary: np.ndarray) -> pd.Series:
    motif = np.select([small, unnamed, dominated, audited, secondary],
                      [rules.motif_primary(),
                       text(Code.STAT_MOTIF_FEW_UNNAMED, n=rules.min_structures),
                       rules.motif_dominance(), text(Code.STAT_MOTIF_AUDIT),
                       text(Code.STAT_MOTIF_SECONDARY)], default="")
    return pd.Series(motif, dtype=object).replace("", None)


def _unknown(table: pd.DataFrame, disclosure: Disclosure, n: np.ndarray) -> np.ndarray:
    counted: np.ndarray = np.nan_to_num(n)
    if disclosure.unknown is not None and MEMBERS in table.columns:
        counted = np.asarray(disclosure.unknown(table), dtype=float)
    return counted


def _forced(keys: list[tuple[str, ...]], disclosure: Disclosure) -> tuple[np.ndarray, dict[
        int, frozenset[str]]]:
    rows = np.zeros(len(keys), dtype=bool)
    columns: dict[int, frozenset[str]] = {}
    for position, key in enumerate(keys):
        wanted = disclosure.forced.get(key)
        if wanted:
            rows[position] = "*" in wanted
            columns[position] = wanted - {"*"}
    return rows, columns


def _blank_order(out: pd.DataFrame, unknown: np.ndarray, rules: SecrecyRules,
                 columns: dict[int, frozenset[str]]) -> None:
    """Order statistics only where enough unknown members stand behind them (none: all
    values are published anyway); and what the auditor asked to hide."""
    for column in out.columns:
        threshold = ORDER_COLUMNS.get(column) or (
            "min_quartiles" if str(column).startswith(DISTRIBUTIONS) else None)
        if threshold is not None:
            few = (unknown > 0) & (unknown < getattr(rules, threshold))
            out[column] = out[column].mask(few)
    for position, hidden in columns.items():
        for column in hidden:
            if column in out.columns:
                out.loc[position, column] = np.nan


def protect(table: pd.DataFrame, *, breakdown: list[str], by: Sequence[str],
            stats: Sequence[str], rules: SecrecyRules,
            dominance: tuple[str, str] | None = None,
            disclosure: Disclosure | None = None) -> pd.DataFrame:
    """Primary, dominance and secondary suppression of a table built by ``with_ensemble``.

    A row is masked when it holds fewer than ``min_structures`` structures, or when it
    holds unknown members (see :class:`Disclosure`) but fewer than ``min_structures`` of
    them, or when the auditor asked for it. ``dominance`` names two helper columns
    (largest absolute contribution, sum of absolute contributions) used for the
    dominance rule and then dropped.
    """
    disclosure = disclosure or Disclosure()
    out = table.reset_index(drop=True)
    n = _array(out, "n")
    unknown = _unknown(out, disclosure, n)
    forced, columns = _forced(row_keys(out, breakdown, by), disclosure)
    weights = _weights(out, dominance, rules)
    small = (n < rules.min_structures) | np.isnan(n)
    few_unknown = (unknown > 0) & (unknown < rules.min_structures) & ~small
    primary = small | few_unknown
    dominated = np.zeros(len(out), dtype=bool)
    if weights is not None:
        dominated = (weights.total > 0) & (weights.top > rules.dominance * weights.total)
        dominated &= ~primary
    secondary = complete_suppression(out, breakdown, primary | dominated | forced,
                                     rules.min_structures, weights, unknown)
    audited = forced & ~primary & ~dominated
    masked = primary | dominated | audited | secondary
    out = out.assign(**{c: out[c].mask(masked) for c in stats}, masque=masked,
                     motif=_motifs(rules, small, few_unknown, dominated, audited, secondary))
    _blank_order(out, unknown, rules, columns)
    out = out.drop(columns=list(dominance or ()))
    out.attrs[META] = {"breakdown": list(breakdown), "by": list(by), "stats": list(stats),
                       "min_structures": rules.min_structures}
    return out
