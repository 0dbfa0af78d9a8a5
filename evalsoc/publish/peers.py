"""The fiche's comparison with its peers, as the campaign's publication prints it.

A fiche places a structure among the structures of its discipline (else of its size
class): the quartiles of each dimension in that group. Those quartiles are tables of
the publication (``pairs:discipline``, ``pairs:taille``), protected and audited with
everything else, under one rule more than the synthèse's: the reader of a fiche is a
member of the group and knows its own score, so a cell counts one unknown member fewer
(a median needs 8 structures that are not named, quartiles 11). A group merged into
« Autres … » is not a group of peers: its fiche shows no band.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from evalsoc.catalogue import Code
from evalsoc.publish.population import OTHERS
from evalsoc.stats.aggregate import MEMBERS
from evalsoc.stats.inputs import text

__all__ = ["PEER_BY", "PeerBand", "member_unknown", "peer_bands", "peer_table"]

PEER_BY = ("discipline", "taille")  # in order of preference


def peer_table(column: str) -> str:
    """The publication's table id of the peer quartiles by ``column``."""
    return f"pairs:{column}"


def member_unknown(named: frozenset[str]) -> Callable[[pd.DataFrame], np.ndarray]:
    """Per row, the members a member of the row does not know: those not named, less
    itself (a row of one or two unknown members stays as small as it is for an outside
    reader, so that it is masked for both)."""
    def count(table: pd.DataFrame) -> np.ndarray:
        unknown = np.array([len(set(m) - named) if isinstance(m, tuple) else 0
                            for m in table[MEMBERS]], dtype=float)
        return np.where(unknown >= 3, unknown - 1, unknown)
    return count


@dataclass(frozen=True)
class PeerBand:
    """What the publication prints for one dimension of one group of peers."""

    column: str  # "discipline" or "taille"
    group: str
    n: int
    q1: float | None
    median: float | None
    q3: float | None


def _number(value: object) -> float | None:
    if value is None or value is pd.NA or isinstance(value, str):
        return None
    number = float(value)  # type: ignore[arg-type]  # numpy and pandas scalars
    return None if math.isnan(number) else number


def _bands(table: pd.DataFrame, column: str) -> dict[str, dict[str, PeerBand]]:
    """group -> dimension -> band, for the rows that print at least a median."""
    found: dict[str, dict[str, PeerBand]] = {}
    rows = table[(table["type"] == "dimension") & ~table["ensemble"].astype(bool)
                 & ~table["masque"].astype(bool)]
    for row in rows.itertuples():
        median = _number(row.mediane)
        group = str(getattr(row, column))
        if median is None or group in (OTHERS.get(column), text(Code.STAT_LABEL_MISSING)):
            continue
        found.setdefault(group, {})[str(row.noeud)] = PeerBand(
            column, group, int(_number(row.n) or 0), _number(row.q1), median,
            _number(row.q3))
    return found


def peer_bands(tables: Mapping[str, pd.DataFrame],
               groups: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, PeerBand]]:
    """structure_id -> dimension -> its peers' band: the group of its discipline where
    the publication prints one for that dimension, else of its size class.

    ``tables`` are the publication's tables by id; ``groups`` give, per column of
    :data:`PEER_BY`, each structure's group as the publication prints it."""
    by_column = {c: _bands(tables[peer_table(c)], c) for c in PEER_BY
                 if peer_table(c) in tables}
    found: dict[str, dict[str, PeerBand]] = {}
    structures = {s for column in groups.values() for s in column}
    for structure in sorted(structures):
        mine: dict[str, PeerBand] = {}
        for column in PEER_BY:
            group = groups.get(column, {}).get(structure)
            for dimension, band in by_column.get(column, {}).get(group or "", {}).items():
                mine.setdefault(dimension, band)
        if mine:
            found[structure] = mine
    return found
