"""A convention's follow-up, year by year: each indicator's value (from a stored campaign
or by hand), its status against the target, and what the reader must know (a version
change, a value entered by hand, no campaign that year). Pure functions.

Status rules (spec 6.D): ``atteint`` when the value meets the target in its direction;
``en bonne voie`` when, before the due year, it is at least where a steady progress from
the baseline to the target would be that year; ``écart`` otherwise; ``non renseigné``
without a value. A perception indicator is ``suivi sans cible``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from evalsoc.catalogue import Code
from evalsoc.conventions.model import Convention, Direction, Indicator, Status
from evalsoc.issues import make_issue

__all__ = ["FollowRow", "FollowUp", "Observation", "follow_up", "status_of"]


@dataclass(frozen=True)
class Observation:
    """A value found in the store for one indicator and year."""

    value: float | None
    campaign: str
    version: str  # the référentiel version the campaign was scored under
    how: str  # how the value was read (the formula, the question)
    notes: tuple[str, ...] = ()
    redefined: bool = False


@dataclass(frozen=True)
class FollowRow:
    indicator: str
    label: str
    unit: str
    year: int
    value: float | None
    status: Status
    origin: str  # « campagne 2025 (ardes-culture@1.0.0) », « saisie », or ""
    how: str = ""
    redefined: bool = False
    notes: tuple[str, ...] = ()
    structure_comment: str = ""
    funder_comment: str = ""


@dataclass(frozen=True)
class FollowUp:
    convention: Convention
    rows: tuple[FollowRow, ...]
    notes: tuple[str, ...] = field(default=())

    def counts(self, year: int) -> dict[str, int]:
        found = Counter(r.status.value for r in self.rows if r.year == year)
        return {s.value: found.get(s.value, 0) for s in Status}


def _expected(ind: Indicator, year: int) -> float | None:
    if None in (ind.baseline, ind.baseline_year, ind.target, ind.due_year):
        return None
    assert ind.baseline is not None and ind.target is not None
    assert ind.baseline_year is not None and ind.due_year is not None
    if ind.due_year <= ind.baseline_year:
        return ind.target
    share = min(1.0, max(0.0, (year - ind.baseline_year) / (ind.due_year - ind.baseline_year)))
    return ind.baseline + (ind.target - ind.baseline) * share


def _meets(direction: Direction, value: float, bar: float) -> bool:
    return value >= bar if direction is Direction.AT_LEAST else value <= bar


def status_of(ind: Indicator, value: float | None, year: int) -> Status:
    if value is None:
        return Status.MISSING
    if ind.perception or ind.target is None or ind.direction is None:
        return Status.FOLLOWED
    if _meets(ind.direction, value, ind.target):
        return Status.MET
    expected = _expected(ind, year)
    due = ind.due_year if ind.due_year is not None else year
    if year < due and expected is not None and _meets(ind.direction, value, expected):
        return Status.ON_TRACK
    return Status.GAP


def _row(ind: Indicator, year: int, seen: Observation | None,
         hand: tuple[float | None, str, str]) -> FollowRow:
    value, structure_comment, funder_comment = hand
    notes: list[str] = []
    origin, how, redefined = "", "", False
    if seen is not None:
        notes.extend(seen.notes)
        redefined = seen.redefined
        if seen.value is not None:
            value, origin, how = seen.value, f"campagne {seen.campaign} ({seen.version})", seen.how
    if not origin and value is not None:
        origin = "saisie"
        if ind.from_referentiel:
            notes.append(make_issue(Code.CNV_NOTE_HAND).message)
    return FollowRow(ind.key, ind.label, ind.unit, year, value, status_of(ind, value, year),
                     origin, how, redefined, tuple(notes), structure_comment, funder_comment)


def follow_up(convention: Convention, observed: Mapping[tuple[str, int], Observation],
              years: range | None = None, notes: tuple[str, ...] = ()) -> FollowUp:
    """The follow-up of ``convention`` over ``years`` (its period by default), from the
    values ``observed`` in the store and the values and comments entered by hand."""
    hands = {(h.indicator, h.year): (h.value, h.structure_comment, h.funder_comment)
             for h in convention.hand}
    rows = [_row(ind, year, observed.get((ind.key, year)),
                 hands.get((ind.key, year), (None, "", "")))
            for ind in convention.indicators for year in (years or convention.years)]
    return FollowUp(convention, tuple(rows), notes)
