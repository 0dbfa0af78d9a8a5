"""The input contract at the door: required columns, scored rows, levels, grouping keys.

Every public function of :mod:`evalsoc.stats` checks the columns it reads here first, so a
missing column is one clear :class:`~evalsoc.errors.StatsInputError` naming the table
and the columns, never a ``KeyError`` deep inside a groupby.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from evalsoc.catalogue import CATALOGUE, Code
from evalsoc.errors import StatsInputError
from evalsoc.referentiel.model import DEFAULT_LEVELS, Referentiel

__all__ = [
    "DEFAULT_LEVEL_SPECS",
    "LevelSpec",
    "NodeKind",
    "StatsInputError",
    "campaign_years",
    "level_codes",
    "levels_of",
    "node_attributes",
    "require",
    "require_unique",
    "scored",
    "select_nodes",
    "text",
    "with_groups",
]

LevelSpec = tuple[int, str, float]
NodeKind = Literal["dimension", "critere", "indicateur", "all"]
NODE_KINDS: dict[str, tuple[str, ...]] = {
    "dimension": ("dimension",),
    "critere": ("critere",),
    "indicateur": ("indicateur",),
    "all": ("dimension", "critere", "indicateur"),
}
DEFAULT_LEVEL_SPECS: tuple[LevelSpec, ...] = tuple(
    (lv.code, lv.label, lv.min) for lv in DEFAULT_LEVELS)


def text(code: Code, /, **fields: Any) -> str:
    """A user-facing French text from the single catalogue."""
    return CATALOGUE[code].template.format(**fields)


def _listing(values: Iterable[object]) -> str:
    return ", ".join(f"« {v} »" for v in values) or "aucune"


def require(frame: pd.DataFrame, table: str, columns: Iterable[str]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise StatsInputError(Code.STAT_MISSING_COLUMNS, table=table,
                              columns=_listing(missing), found=_listing(frame.columns))


def require_unique(frame: pd.DataFrame, table: str, keys: list[str]) -> None:
    duplicated = frame.duplicated(keys, keep=False)
    if duplicated.any():
        example = ", ".join(str(v) for v in frame.loc[duplicated, keys].iloc[0])
        raise StatsInputError(Code.STAT_DUPLICATE_ROWS, table=table,
                              count=int(duplicated.sum()), keys=", ".join(keys),
                              example=example)


def select_nodes(scores: pd.DataFrame, nodes: str) -> pd.DataFrame:
    if nodes not in NODE_KINDS:
        raise StatsInputError(Code.STAT_NODE_KIND, nodes=nodes, known=_listing(NODE_KINDS))
    return scores[scores["type"].isin(NODE_KINDS[nodes])]


def scored(scores: pd.DataFrame, completude_min: float = 0.0) -> pd.DataFrame:
    """Only complete records: a score, no absence reason, enough completeness (OPP rule)."""
    keep = scores["score"].notna() & scores["absence"].isna()
    if completude_min > 0:
        keep &= scores["completude"] >= completude_min
    return scores[keep]


def levels_of(referentiel: Referentiel) -> tuple[LevelSpec, ...]:
    return tuple((lv.code, lv.label, lv.min) for lv in referentiel.levels)


def level_codes(rows: pd.DataFrame, levels: Sequence[LevelSpec]) -> pd.Series:
    """The ``niveau`` column as a categorical of level codes, completed from the score
    where the store left it empty (or gave a code the référentiel's levels lack)."""
    ordered = sorted(levels, key=lambda lv: lv[2])
    mins = np.array([lv[2] for lv in ordered], dtype=float)
    codes = np.array([lv[0] for lv in ordered], dtype=float)
    position = np.searchsorted(mins, rows["score"].to_numpy(dtype=float), side="right") - 1
    derived = pd.Series(codes[np.clip(position, 0, None)], index=rows.index)
    given = pd.to_numeric(rows["niveau"], errors="coerce").astype(float)
    found = given.where(given.isin(codes)).fillna(derived).astype(int)
    return pd.Series(pd.Categorical(found, categories=sorted(lv[0] for lv in levels)),
                     index=rows.index)


def _labels(column: pd.Series) -> pd.Categorical:
    """Group labels of the registry, « Non renseigné » for empty ones (and as a category)."""
    missing = text(Code.STAT_LABEL_MISSING)
    labels = column.astype(object).where(column.notna(), missing).astype(str)
    return pd.Categorical(labels, categories=sorted({*labels, missing}))


def with_groups(rows: pd.DataFrame, structures: pd.DataFrame, by: Sequence[str],
                table: str) -> pd.DataFrame:
    """Attach the registry columns ``by`` to each row; a structure missing from the registry
    or with an empty value falls under « Non renseigné », so the groups still partition
    the population and add up to the « Ensemble » row."""
    for column in by:
        if column not in structures.columns or column == "structure_id":
            raise StatsInputError(Code.STAT_UNKNOWN_BY, column=column,
                                  known=_listing(c for c in structures.columns
                                                 if c != "structure_id"))
        if column in rows.columns:
            raise StatsInputError(Code.STAT_BY_CONFLICT, column=column, table=table)
    if not by:
        return rows
    require_unique(structures, "structures", ["structure_id"])
    position = pd.Index(structures["structure_id"]).get_indexer(rows["structure_id"])
    keys = {}
    for column in by:
        labels = _labels(structures[column])
        unknown = list(labels.categories).index(text(Code.STAT_LABEL_MISSING))
        codes = np.where(position >= 0, labels.codes[position], unknown)
        keys[column] = pd.Categorical.from_codes(codes, dtype=labels.dtype)
    return rows.assign(**keys)


def campaign_years(scores: pd.DataFrame) -> pd.Series:
    """campagne -> annee, as the scores give it."""
    return scores.drop_duplicates("campagne").set_index("campagne")["annee"]


def node_attributes(rows: pd.DataFrame, keys: list[str], attributes: list[str]
                    ) -> pd.DataFrame:
    """The descriptive columns of each node (first value seen), indexed by ``keys``."""
    first = ~rows.duplicated(keys)
    return rows.loc[first, [*keys, *attributes]].set_index(keys)
