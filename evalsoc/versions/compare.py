"""The one comparability policy of everything that sets two campaigns side by side: the
export's evolution table, the synthèse's evolution section, the fiche's previous
campaign.

Two campaigns compare only when they follow the same version of their référentiel (a
campaign of an earlier version is first migrated: ``evalsoc migrate``). Then a node of
a structure compares unless the series flag of either side says it breaks (a node
scored from answers of an earlier version through a crosswalk: migrated campaigns, late
workbooks); a node compared after converting answers is named. Every output says so in
a note; none compares across versions in silence.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from evalsoc.catalogue import CATALOGUE, Code
from evalsoc.versions.flags import Flag

__all__ = ["Comparability", "Side", "comparability"]

Pair = tuple[str, str]  # (structure id, node id)


@dataclass(frozen=True)
class Side:
    """One campaign as the policy sees it: its name, its version, and the flags of the
    nodes its structures were scored through a crosswalk (structure, node, flag,
    origin); the others are its own version's, comparable."""

    name: str
    referentiel: str
    series: tuple[tuple[str, str, str, str], ...] = ()

    def flags(self) -> dict[Pair, Flag]:
        return {(s, n): Flag(f) for s, n, f, _ in self.series}

    def origins(self) -> list[str]:
        return list(dict.fromkeys(o for *_, o in self.series if o))


@dataclass(frozen=True)
class Comparability:
    before: Side
    after: Side
    breaks: frozenset[Pair] = field(default_factory=frozenset)
    converted: frozenset[Pair] = field(default_factory=frozenset)

    @property
    def same_version(self) -> bool:
        return self.before.referentiel == self.after.referentiel

    def allowed(self, structure: str, node: str) -> bool:
        return self.same_version and (structure, node) not in self.breaks

    def notes(self, nodes: Iterable[str], labels: Mapping[str, str],
              structures: Iterable[str] | None = None) -> list[str]:
        """What the comparison of ``nodes`` (over ``structures``, all when None) leaves
        out and why, in French."""
        if not self.same_version:
            return [_text(Code.VER_NOTE_NOT_COMPARED, before=self.before.name,
                          before_ref=self.before.referentiel, after=self.after.name,
                          after_ref=self.after.referentiel)]
        wanted = None if structures is None else set(structures)
        notes = [_text(Code.VER_NOTE_MIGRATED, campaign=side.name,
                       origin=", ".join(side.origins()), ref=side.referentiel)
                 for side in (self.before, self.after) if side.series]
        shown = list(nodes)
        for pairs, code in ((self.breaks, Code.VER_NOTE_BREAKS),
                            (self.converted - self.breaks, Code.VER_NOTE_CONVERTED)):
            listed = _listed(pairs, shown, labels, wanted)
            if listed:
                origin = ", ".join(dict.fromkeys(
                    [*self.before.origins(), *self.after.origins()]))
                notes.append(_text(code, nodes=listed, origin=origin))
        return notes


def _text(code: Code, **fields: str) -> str:
    return CATALOGUE[code].template.format(**fields)


def _listed(pairs: frozenset[Pair], nodes: list[str], labels: Mapping[str, str],
            structures: set[str] | None) -> str:
    """The nodes of ``pairs``, in order, with how many structures when not all."""
    counts: dict[str, int] = {}
    for structure, node in pairs:
        if structures is None or structure in structures:
            counts[node] = counts.get(node, 0) + 1
    parts = []
    for node in nodes:
        if node in counts:
            text = f"{node} {labels.get(node, '')}".strip()
            if structures is not None and counts[node] < len(structures):
                text += f" (pour {counts[node]} structure(s) sur {len(structures)})"
            parts.append(text)
    return ", ".join(parts)


def comparability(before: Side, after: Side) -> Comparability:
    """The policy for ``before`` and ``after``: which (structure, node) pairs break."""
    if before.referentiel != after.referentiel:
        return Comparability(before, after)
    breaks: set[Pair] = set()
    converted: set[Pair] = set()
    for side in (before, after):
        for pair, flag in side.flags().items():
            if flag is Flag.RUPTURE:
                breaks.add(pair)
            elif flag is Flag.CONVERSION:
                converted.add(pair)
    return Comparability(before, after, frozenset(breaks), frozenset(converted))
