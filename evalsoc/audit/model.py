"""What the publication auditor reasons about: published facts on unknown values.

A *family* is one kind of per-structure value (the score of one node in one campaign,
one figure such as a budget, one group mean...), with its bounds and the protection
its values are owed. A *fact* is one published figure about a population of
structures: a sum, a mean, a quantile, an extreme, or the counts of a partition into
bands (levels, « en hausse / stable / en baisse »). The value a fact describes for each
member is a linear combination of families (``terms``): one family for a score, the
difference of two campaigns for an evolution.

The attacker knows every published fact, every value published individually
(``Knowledge``: the named rows of an export), and which structures make up each
population (the registry says where each structure is). The auditor asks, for every
value that is not published individually, which interval of values stays consistent
with all of that.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Fact", "FactKind", "Family", "Knowledge", "Term"]

FactKind = Literal["sum", "mean", "quantile", "min", "max", "bands"]
Term = tuple[str, float]  # (family key, coefficient)


@dataclass(frozen=True)
class Family:
    """Bounds of a family's values and the protection each value is owed.

    ``protection`` is in the family's units (10 points on a 0-100 score) unless
    ``relative``, then a share of the value itself (10 % of a budget). A value is
    protected when the values consistent with the published figures reach at least
    ``protection`` below and above it (clipped to the bounds): τ-ARGUS's protection
    interval.
    """

    key: str
    low: float
    high: float
    protection: float
    relative: bool = False
    label: str = ""  # French, for the audit report: « score « Sociale » (2026) »

    def required(self, value: float) -> tuple[float, float]:
        """The interval the attacker's interval must cover around ``value``."""
        half = abs(value) * self.protection if self.relative else self.protection
        return max(self.low, value - half), min(self.high, value + half)


@dataclass(frozen=True)
class Fact:
    """One published figure: ``kind`` of the value ``terms`` over ``members``.

    ``quantile`` uses linear interpolation between order statistics (Excel's
    QUARTILE.INCLUS), at ``p``. ``bands`` are consecutive closed intervals covering
    the value's range, with the number of members in each (``counts``); bands may
    overlap a little at their ends (a value near an edge is allowed in either), while
    ``splits`` say exactly where each band starts when the members were counted.
    ``source`` says in French where the figure is printed; ``cell`` names the table
    row that carries it, for the publication step to mask when needed.
    """

    terms: tuple[Term, ...]
    members: tuple[str, ...]
    kind: FactKind
    value: float = 0.0
    p: float = 0.5
    bands: tuple[tuple[float, float], ...] = ()
    counts: tuple[int, ...] = ()
    splits: tuple[float, ...] = ()  # where each band starts when counting (value >= split)
    # where the figure is printed and whether it can still be withdrawn: not part of
    # what the figure says (the same figure printed twice is one fact)
    source: str = field(default="", compare=False)
    cell: tuple[str, tuple[str, ...], str] | None = field(default=None, compare=False)
    fixed: bool = field(default=False, compare=False)  # published before: cannot be masked


@dataclass(frozen=True)
class Knowledge:
    """What the attacker holds besides the facts: every value published on its own
    (``known``), and the true values the auditor measures exposure against
    (``truth``), both keyed by (family key, structure id)."""

    families: Mapping[str, Family]
    truth: Mapping[tuple[str, str], float]
    known: Mapping[tuple[str, str], float] = field(default_factory=dict)
