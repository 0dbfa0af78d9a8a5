"""A diagnostic's results: one reading per indicator (and aggregate) and period.

A reading is a value with its band (vert, orange, rouge) and alert, or « non calculable »
with the reason and no band; informational indicators have notes instead of a band. The
formula with the values it read (``rule``), the condition that gave the band
(``band_rule``) and the answers behind it (``inputs``: question, value, cell) explain it
down to the cell.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from evalsoc.answers.model import CellRef, StructureInfo

__all__ = ["NOT_COMPUTABLE", "DiagnosticResult", "InputTrace", "PeriodInfo", "Reading"]

NOT_COMPUTABLE = "non_calculable"
Color = Literal["vert", "orange", "rouge"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class InputTrace(_Frozen):
    """One answer a reading read: the line, its question for the period, its cell."""

    line: str
    question: str
    value: float | None = None
    status: str | None = None  # answered, non_concerne, ne_sait_pas; None: no answer
    raw: str | None = None
    source: CellRef | None = None


class Reading(_Frozen):
    id: str
    kind: Literal["aggregate", "indicator"]
    label: str
    family: str = ""
    period: str
    period_label: str
    unit: str
    value: float | None = None
    secondary: float | None = None
    band: Color | None = None
    alert: str = ""
    discuss: str = ""  # what to discuss with a DLA officer, when in orange, red or noted
    notes: tuple[str, ...] = ()
    absent: Literal["non_calculable"] | None = None
    reason: str = ""
    rule: str = ""
    band_rule: str = ""
    informational: bool = False
    inputs: tuple[InputTrace, ...] = ()


class PeriodInfo(_Frozen):
    """A period of the diagnostic and whether the structure gave anything for it."""

    id: str
    label: str
    given: bool
    closing: str | None = None  # the closing date answered, ISO


class DiagnosticResult(_Frozen):
    """Everything one diagnostic says of one structure."""

    referentiel: str
    referentiel_hash: str
    title: str
    structure: StructureInfo
    periods: tuple[PeriodInfo, ...]
    parameters: dict[str, float]
    readings: tuple[Reading, ...]

    def reading(self, ident: str, period: str) -> Reading | None:
        return next((r for r in self.readings if r.id == ident and r.period == period), None)

    def indicators(self) -> tuple[Reading, ...]:
        return tuple(r for r in self.readings if r.kind == "indicator")

    def reference(self) -> str:
        """The reference period (the last exercise closed)."""
        return self.periods[0].id if self.periods else ""
