"""A structure's needs table: for each theme, the signals, the declared need, the
consultant's priority and the accompaniments proposed; a theme is *flagged* when evalsoc
has a signal for it or when the structure declares a real need (2 or 3)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from evalsoc.catalogue import Code
from evalsoc.issues import make_issue
from evalsoc.needs.declared import Declared
from evalsoc.needs.themes import PARAMETERS, THEMES, Parameters

__all__ = ["NeedRow", "StructureNeeds", "needs_table"]


@dataclass(frozen=True)
class NeedRow:
    theme: str
    label: str
    signals: tuple[str, ...]
    declared: int | None
    priority: int | None
    proposed: tuple[str, ...]
    chosen: str
    comment: str
    flagged: bool


@dataclass(frozen=True)
class StructureNeeds:
    structure: str
    name: str
    departement: str
    rows: tuple[NeedRow, ...]

    @property
    def flagged(self) -> tuple[str, ...]:
        return tuple(r.theme for r in self.rows if r.flagged)


def needs_table(structure: str, name: str, departement: str,
                signals: Mapping[str, list[str]], declared: Mapping[str, Declared],
                params: Parameters = PARAMETERS) -> StructureNeeds:
    rows = []
    for theme in THEMES:
        found = list(signals.get(theme.id, ()))
        said = declared.get(theme.id)
        level = said.declared if said else None
        if level:
            found.append(make_issue(Code.BES_SIGNAL_DECLARED, level=level).message)
        flagged = bool(signals.get(theme.id)) or (level or 0) >= params.declared_from
        rows.append(NeedRow(theme.id, theme.label, tuple(found), level,
                            said.priority if said else None, theme.accompaniments,
                            said.accompaniment if said else "",
                            said.comment if said else "", flagged))
    return StructureNeeds(structure, name, departement, tuple(rows))
