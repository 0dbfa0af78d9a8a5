"""A diagnostic référentiel (``kind: diagnostic``): values, bands and alerts, never a mark.

The economic and financial self-diagnosis (``autodiag-financier``) is the first of the
modules that stand *beside* the utilité-sociale profile: its results are ratios read
against bands (vert, orange, rouge) with a short alert text, per exercise, never a 0-100
score and never averaged with anything. Its section of the référentiel says:

- ``periods``: the columns of its sheet (the exercises N, N-1, N-2). The first one is the
  reference period: its questions carry the bare line ids (``budget_total``), the others
  a suffix (``budget_total_n1``). A diagnostic without periods asks each line once;
- ``sections`` of ``lines``: the rows, grouped as a reader of the documents expects them
  (compte de résultat, bilan...). Each line is a question asked for each period; a line
  may ``use`` a question of the shared library (:mod:`evalsoc.referentiel.library`), which
  is then its reference-period question, shared with any référentiel that asks it;
- ``checks``: totals recomputed and compared (total actif = total passif...), each
  inconsistency an issue at the total's cell (:mod:`evalsoc.answers.consistency`);
- ``parameters``: every threshold, with its source label (S public source, K knowledge
  of the field, R reconstruction, M measured) and reference: bands read them by name;
- ``aggregates`` and ``indicators``: formulas over lines, aggregates, earlier indicators
  and parameters, evaluated for each period; ``<name>_prev`` and ``<name>_prev2`` read
  the period before and the one before that (:mod:`evalsoc.referentiel.expression`);
  ``bands`` are conditions tried in order, the first that holds gives the colour;
  ``notes`` mark an informational indicator without a colour;
- ``sector``: what the sector view publishes (medians, shares in red).

The results are computed by :mod:`evalsoc.diagnostic`. Nothing here reads a file.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from evalsoc.referentiel.model import Frozen, Question, QuestionId, QuestionType

__all__ = [
    "COLORS",
    "Aggregate",
    "Check",
    "Diagnostic",
    "DiagnosticBand",
    "Indicator",
    "Line",
    "Note",
    "Parameter",
    "Period",
    "Secondary",
    "Section",
    "SectorSpec",
    "SourceLabel",
    "Sources",
    "Unit",
    "line_question",
]

Color = Literal["vert", "orange", "rouge"]
COLORS: tuple[Color, ...] = ("vert", "orange", "rouge")  # their codes: 1, 2, 3
SourceLabel = Literal["S", "K", "R", "M"]
Unit = Literal["euros", "part", "jours", "mois", "ratio", "nombre"]
IndicatorId = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9]*$")]
PeriodId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9]*$")]
LINE_TYPES = frozenset({QuestionType.AMOUNT, QuestionType.NUMBER, QuestionType.INTEGER,
                        QuestionType.PERCENT, QuestionType.DATE})


class Period(Frozen):
    id: PeriodId
    label: str
    description: str = ""


class Parameter(Frozen):
    """A versioned threshold or constant, with where it comes from."""

    id: QuestionId
    label: str
    value: float
    unit: Unit = "nombre"
    source: SourceLabel
    reference: str = ""


class Line(Frozen):
    """One row of the diagnostic's sheet: a question asked for each period (or only for
    ``periods``). With ``use``, the reference period's question is the shared one, as
    the library defines it; without, the line's own fields make the questions. A line
    with ``same_as`` is shown again (a total repeated in another statement) but asked
    once, where ``same_as`` is."""

    id: QuestionId
    label: str
    accounts: str = ""
    description: str = ""
    type: QuestionType = QuestionType.AMOUNT
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    required: bool = False
    allow_non_concerne: bool = False
    total: bool = False
    detail: bool = False  # a « dont » line: part of the line above, not of the sums
    periods: tuple[PeriodId, ...] = ()
    use: Question | None = None
    same_as: QuestionId | None = None


class Section(Frozen):
    id: QuestionId
    label: str
    description: str = ""
    lines: tuple[Line, ...] = Field(min_length=1)


class Check(Frozen):
    """A total recomputed: ``line`` must equal ``equals`` (a formula over lines) to
    ``tolerance`` (the rounding of accounts kept in whole euros); with the relation
    ``au_plus``, it must not exceed it (a « dont » line)."""

    id: QuestionId
    label: str
    line: QuestionId
    equals: str
    relation: Literal["egal", "au_plus"] = "egal"
    tolerance: float = Field(default=1.0, ge=0)
    severity: Literal["erreur", "avertissement"] = "erreur"
    fix: str


class Sources(Frozen):
    """Where an indicator's formula and its bands come from."""

    formula: SourceLabel
    bands: SourceLabel | None = None
    reference: str = ""


class DiagnosticBand(Frozen):
    color: Color
    when: str
    alert: str = ""


class Note(Frozen):
    when: str
    text: str


class Secondary(Frozen):
    """Another reading of the same indicator (the BFR in days of produits)."""

    label: str
    formula: str
    unit: Unit


class Aggregate(Frozen):
    """An intermediate value (charges décaissables) that indicators read by name."""

    id: QuestionId
    label: str
    formula: str
    unit: Unit = "euros"
    description: str = ""


class Indicator(Frozen):
    id: IndicatorId
    label: str
    formula: str
    unit: Unit
    family: str = ""
    description: str = ""
    sources: Sources
    bands: tuple[DiagnosticBand, ...] = ()
    notes: tuple[Note, ...] = ()
    discuss: str = ""
    periods: tuple[PeriodId, ...] = ()
    secondary: Secondary | None = None

    @property
    def informational(self) -> bool:
        return not self.bands


class SectorSpec(Frozen):
    """What the sector view publishes of the reference period: medians by each
    grouping column, and the share of structures in red."""

    medians: tuple[IndicatorId, ...] = ()
    red: tuple[IndicatorId, ...] = ()
    by: tuple[str, ...] = ()


class Diagnostic(Frozen):
    sheet: str = Field(default="Diagnostic", min_length=1, max_length=31)
    title: str
    introduction: str = ""
    periods: tuple[Period, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    sections: tuple[Section, ...] = Field(min_length=1)
    checks: tuple[Check, ...] = ()
    aggregates: tuple[Aggregate, ...] = ()
    indicators: tuple[Indicator, ...] = Field(min_length=1)
    sector: SectorSpec = SectorSpec()

    def period_ids(self) -> tuple[str, ...]:
        """The periods' ids, the reference period first; ``("",)`` without periods."""
        return tuple(p.id for p in self.periods) or ("",)

    def asked_lines(self) -> tuple[Line, ...]:
        """The lines that are questions (not repeated from another line)."""
        return tuple(line for s in self.sections for line in s.lines if not line.same_as)

    def question_id(self, line: str, period: str) -> str:
        """``budget_total`` for the reference period, ``budget_total_n1`` otherwise."""
        return line if not period or period == self.period_ids()[0] else f"{line}_{period}"

    def asks(self, line: Line, period: str) -> bool:
        return not line.periods or period in line.periods


def line_question(diagnostic: Diagnostic, line: Line, period: str) -> Question:
    """The question a line asks for one period."""
    ident = diagnostic.question_id(line.id, period)
    label = next((p.label for p in diagnostic.periods if p.id == period), "")
    suffix = f" — exercice {label}" if label else ""
    if line.use is not None:
        if ident == line.use.id:
            return line.use
        return line.use.model_copy(update={"id": ident, "required": False,
                                           "label": f"{line.label}{suffix}"})
    reference = period == diagnostic.period_ids()[0]
    return Question(id=ident, label=f"{line.label}{suffix}", description=line.description,
                    type=line.type, unit=line.unit, min=line.min, max=line.max,
                    required=line.required and reference,
                    allow_non_concerne=line.allow_non_concerne)
