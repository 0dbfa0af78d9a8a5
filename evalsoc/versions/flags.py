"""Series flags: whether a node's score under a new version, computed from answers given
under an earlier one, continues the series of that node."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from evalsoc.catalogue import CATALOGUE, Code
from evalsoc.referentiel.crosswalk import ChangeKind

__all__ = ["Flag", "kind_label", "worst"]


class Flag(StrEnum):
    """From best to worst: the figure compares as it is; it compares, but answers were
    converted (or its rule changed) to make it; it does not compare."""

    COMPARABLE = "comparable"
    CONVERSION = "conversion"
    RUPTURE = "rupture"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @property
    def label(self) -> str:
        """« comparable », « comparable après conversion », « rupture de série »."""
        return CATALOGUE[_LABELS[self]].template


_RANK = {Flag.COMPARABLE: 0, Flag.CONVERSION: 1, Flag.RUPTURE: 2}
_LABELS = {Flag.COMPARABLE: Code.VER_FLAG_COMPARABLE,
           Flag.CONVERSION: Code.VER_FLAG_CONVERSION, Flag.RUPTURE: Code.VER_FLAG_RUPTURE}


def worst(flags: Iterable[Flag]) -> Flag:
    """The worst of ``flags`` (comparable when there are none)."""
    return max(flags, key=_RANK.__getitem__, default=Flag.COMPARABLE)


_KINDS = {
    ChangeKind.SAME: Code.VER_KIND_SAME, ChangeKind.RENAMED: Code.VER_KIND_RENAMED,
    ChangeKind.REWORDED: Code.VER_KIND_REWORDED, ChangeKind.RESCALED: Code.VER_KIND_RESCALED,
    ChangeKind.SPLIT: Code.VER_KIND_SPLIT, ChangeKind.MERGED: Code.VER_KIND_MERGED,
    ChangeKind.DROPPED: Code.VER_KIND_DROPPED, ChangeKind.NEW: Code.VER_KIND_NEW,
}


def kind_label(kind: ChangeKind) -> str:
    """The French word for a kind of change (« renommé », « scindé »...)."""
    return CATALOGUE[_KINDS[kind]].template
