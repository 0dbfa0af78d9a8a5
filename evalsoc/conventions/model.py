"""A convention and its indicators as read and checked: plain data, no file in sight.

Statuses of a year's follow-up, as the funder reads them: ``atteint`` (the target is
met), ``en bonne voie`` (not met yet, but at least as far from the baseline as a steady
progress to the due year would be), ``écart`` (behind that path), ``non renseigné`` (no
value for the year). A perception indicator has no target: it is ``suivi`` only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

__all__ = ["Convention", "Direction", "Hand", "Indicator", "Source", "Status"]


class Direction(StrEnum):
    AT_LEAST = "≥"
    AT_MOST = "≤"


class Source(StrEnum):
    ACCOUNTS = "comptes"
    ACTIVITY = "bilan d'activité"
    QUESTIONNAIRE = "questionnaire"


class Status(StrEnum):
    MET = "atteint"
    ON_TRACK = "en bonne voie"
    GAP = "écart"
    MISSING = "non renseigné"
    FOLLOWED = "suivi sans cible"


@dataclass(frozen=True)
class Indicator:
    """One indicator of a convention: a référentiel indicator (``node`` with the
    référentiel version it was agreed under) or a free one (``node`` is None)."""

    key: str  # the référentiel id (ECO.1.1) or the free indicator's own code
    label: str
    unit: str
    kind: str  # realisation, resultat, impact
    source: Source
    referentiel: str | None = None  # ardes-culture@1.0.0, for a référentiel indicator
    perception: bool = False  # answered by publics, partners...: followed, not targeted
    baseline: float | None = None
    baseline_year: int | None = None
    target: float | None = None
    direction: Direction | None = None
    due_year: int | None = None
    frequency: str = "annuelle"

    @property
    def from_referentiel(self) -> bool:
        return self.referentiel is not None


@dataclass(frozen=True)
class Hand:
    """What a year's follow-up row holds by hand: a value (for a free indicator, or to
    replace a missing stored one) and the two comments."""

    indicator: str
    year: int
    value: float | None = None
    structure_comment: str = ""
    funder_comment: str = ""


@dataclass(frozen=True)
class Convention:
    id: str
    funder: str
    structure: str  # the structure's id in the store's registry
    start: int
    end: int
    objectives: str
    indicators: tuple[Indicator, ...]
    hand: tuple[Hand, ...] = ()
    file: str = field(default="", metadata={"json": False})

    @property
    def years(self) -> range:
        return range(self.start, self.end + 1)

    def indicator(self, key: str) -> Indicator | None:
        return next((i for i in self.indicators if i.key == key), None)
