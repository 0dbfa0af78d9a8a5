"""The plain data the charts take: one small frozen dataclass per kind of mark.

Charts never read a référentiel, a score tree or a DataFrame: the report layer (or
:mod:`evalsoc.charts.adapters`) says what to draw in these terms, and the same chart can
show a structure, a sector table or a simulation. Scores are on 0-100; a score that is
``None`` (or missing from a mapping) is *non évaluable* and is drawn as such, never as 0.
Ratios (completeness) are on 0-1. Labels are shown as given, in French.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = [
    "Axis",
    "CompletenessItem",
    "CritereScore",
    "EvolutionPoint",
    "EvolutionSeries",
    "GroupMean",
    "HeatCell",
    "HeatRow",
    "HeatTable",
    "Profile",
    "Spread",
]


def _check_score(value: float | None, what: str) -> None:
    if value is not None and not (math.isfinite(value) and 0 <= value <= 100):
        raise ValueError(f"{what} : score {value!r} hors de l'échelle 0-100")


@dataclass(frozen=True, slots=True)
class Axis:
    """A dimension as the radar names it: ``code`` keys the profiles' scores."""

    code: str
    label: str


@dataclass(frozen=True, slots=True)
class Profile:
    """One line of a radar (a structure, the sector median, a previous campaign) or the
    structure highlighted on a distribution: scores by dimension key, ``None`` or a
    missing key meaning *non évaluable*."""

    name: str
    scores: Mapping[str, float | None] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        for key, value in self.scores.items():
            _check_score(value, f"{self.name} / {key}")

    def score(self, key: str) -> float | None:
        return self.scores.get(key)


@dataclass(frozen=True, slots=True)
class CritereScore:
    """One bar of the critères chart. ``dimension`` groups bars (in order of first
    appearance); ``reason`` is the short text shown when ``score`` is None, e.g.
    "trop peu de répondants"."""

    dimension: str
    code: str
    label: str
    score: float | None
    reason: str = ""

    def __post_init__(self) -> None:
        _check_score(self.score, self.code)


@dataclass(frozen=True, slots=True)
class GroupMean:
    """The mean score a group of respondents gives a dimension, with the spread of its
    respondents (``low``/``high``: e.g. first and third quartiles) when known."""

    dimension: str
    group: str
    mean: float | None
    low: float | None = None
    high: float | None = None
    n: int | None = None  # respondents

    def __post_init__(self) -> None:
        for value in (self.mean, self.low, self.high):
            _check_score(value, f"{self.group} / {self.dimension}")


@dataclass(frozen=True, slots=True)
class Spread:
    """What a sector table publishes about one dimension's scores: the number of
    structures, the median and the quartiles, each ``None`` where it is not published
    (too few structures behind it); ``masked``: the whole cell is secret."""

    n: int | None
    median: float | None = None
    q1: float | None = None
    q3: float | None = None
    masked: bool = False

    def __post_init__(self) -> None:
        for value, what in ((self.median, "médiane"), (self.q1, "Q1"), (self.q3, "Q3")):
            _check_score(value, what)
        if self.q1 is not None and self.q3 is not None and self.q1 > self.q3:
            raise ValueError("Q1 au-dessus de Q3")


@dataclass(frozen=True, slots=True)
class HeatCell:
    """One cell of a sector table: its value, or why it has none. ``masked`` is the
    statistical secrecy (the value, if any, is then ignored); a cell with neither value
    nor mask has no data."""

    value: float | None
    masked: bool = False
    n: int | None = None  # structures behind the value


@dataclass(frozen=True, slots=True)
class HeatRow:
    label: str
    cells: tuple[HeatCell, ...]


@dataclass(frozen=True, slots=True)
class HeatTable:
    """Groups (rows: départements, disciplines...) by dimensions (columns)."""

    columns: tuple[str, ...]
    rows: tuple[HeatRow, ...]

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row.cells) != len(self.columns):
                raise ValueError(f"ligne {row.label!r} : {len(row.cells)} cellules pour "
                                 f"{len(self.columns)} colonnes")
            for cell in row.cells:
                if not cell.masked:
                    _check_score(cell.value, row.label)


@dataclass(frozen=True, slots=True)
class EvolutionPoint:
    """A campaign's value of one series; ``masked`` as in :class:`HeatCell`."""

    campaign: str | int  # "2024", 2024, "2024-2025"
    value: float | None
    n: int | None = None
    masked: bool = False

    def __post_init__(self) -> None:
        if not self.masked:
            _check_score(self.value, str(self.campaign))


@dataclass(frozen=True, slots=True)
class EvolutionSeries:
    """One dimension across campaigns, oldest first."""

    label: str
    points: tuple[EvolutionPoint, ...]


@dataclass(frozen=True, slots=True)
class CompletenessItem:
    """The share (0-1) of what could be answered that was answered."""

    label: str
    ratio: float
    detail: str = ""  # e.g. "12 répondants sur 15"

    def __post_init__(self) -> None:
        if not (math.isfinite(self.ratio) and 0 <= self.ratio <= 1):
            raise ValueError(f"{self.label} : complétude {self.ratio!r} hors de 0-1")
