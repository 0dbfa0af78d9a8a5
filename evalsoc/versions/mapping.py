"""One crosswalk compiled: for each question of the new version, the route its answers
take from the previous one; for each node, the nodes it continues.

The crosswalk is assumed checked (:mod:`evalsoc.versions.check`); what reads stored
answers through it checks it first (:func:`evalsoc.versions.chain.chain`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from evalsoc.referentiel.crosswalk import ChangeKind, Crosswalk, CrosswalkEntry
from evalsoc.referentiel.model import Referentiel
from evalsoc.support.cache import IdentityCache
from evalsoc.versions.flags import Flag

__all__ = ["EXACT", "Lineage", "Route", "Step", "compile_step", "route_flag"]

EXACT = frozenset({ChangeKind.SAME, ChangeKind.RENAMED, ChangeKind.REWORDED})


@dataclass(frozen=True)
class Route:
    """How one question of the new version gets its answers: from ``sources`` (questions
    of the previous version), by the crosswalk ``entry``."""

    target: str
    sources: tuple[str, ...]
    entry: CrosswalkEntry
    flag: Flag

    @property
    def kind(self) -> ChangeKind:
        return self.entry.change


@dataclass(frozen=True)
class Lineage:
    """The nodes of the previous version a node of the new one continues, and its own
    flag (its rule kept, or changed)."""

    node: str
    sources: tuple[str, ...]
    kind: ChangeKind
    flag: Flag
    entry: CrosswalkEntry | None = None


@dataclass(frozen=True)
class Step:
    """One crosswalk, from ``before`` to ``after``, compiled."""

    before: Referentiel
    after: Referentiel
    routes: Mapping[str, Route]  # new question id -> its route (a new question: none)
    lineage: Mapping[str, Lineage]  # new node id -> what it continues
    fates: Mapping[str, tuple[CrosswalkEntry, ...]]  # old question id -> its entries

    @property
    def crosswalk(self) -> Crosswalk:
        assert self.after.crosswalk is not None
        return self.after.crosswalk

    def dropped(self, question: str) -> bool:
        """Whether an old question's answers are carried to no question at all."""
        return not any(e.targets() for e in self.fates.get(question, ()))


def route_flag(entry: CrosswalkEntry) -> Flag:
    """A question's flag by the change that brought it: kept as it was, converted (by a
    stated mapping or combination), or broken (split with no mapping: its part of the
    old answer is not known)."""
    if entry.change in EXACT:
        return Flag.COMPARABLE
    if entry.change is ChangeKind.SPLIT and not entry.converts():
        return Flag.RUPTURE
    return Flag.CONVERSION


def _node_flag(kind: ChangeKind) -> Flag:
    return Flag.COMPARABLE if kind in EXACT else Flag.CONVERSION


def _compile(pair: tuple[Referentiel, Referentiel]) -> Step:
    before, after = pair
    crosswalk = after.crosswalk
    assert crosswalk is not None
    routes: dict[str, Route] = {}
    fates: dict[str, tuple[CrosswalkEntry, ...]] = {}
    for entry in crosswalk.questions:
        for old in entry.old:
            fates[old] = (*fates.get(old, ()), entry)
        if entry.change is ChangeKind.NEW:
            continue
        for target in entry.targets():
            routes.setdefault(target, Route(target, entry.old, entry, route_flag(entry)))
    lineage: dict[str, Lineage] = {}
    for entry in crosswalk.nodes:
        if entry.change is ChangeKind.DROPPED:
            continue
        sources = () if entry.change is ChangeKind.NEW else entry.old
        for target in entry.targets():
            lineage.setdefault(target, Lineage(target, sources, entry.change,
                                               _node_flag(entry.change), entry))
    return Step(before, after, routes, lineage, fates)


_STEPS: IdentityCache[tuple[Referentiel, Referentiel], Step] = IdentityCache(32)
_PAIRS: dict[tuple[int, int], tuple[Referentiel, Referentiel]] = {}


def compile_step(before: Referentiel, after: Referentiel) -> Step:
    """The compiled crosswalk of ``after`` (whose ``previous`` is ``before``), once per
    pair of référentiels."""
    key = (id(before), id(after))
    pair = _PAIRS.get(key)
    if pair is None or pair[0] is not before or pair[1] is not after:
        if len(_PAIRS) > 64:
            _PAIRS.clear()
        pair = _PAIRS[key] = (before, after)
    return _STEPS.get(pair, _compile)
