"""An observation référentiel (``kind: observation``): counts, sums, medians, never a mark.

The OPP activity questionnaire (``opp-observation``) asks its fields in blocks, written
as the dimensions of an ordinary tree (so that the same workbooks, checks and store
carry them) whose indicators are all informational. What it produces is declared in its
``observation`` section and applied by :mod:`evalsoc.stats.observation`:

- ``blocks``: the dimensions whose questions form a block; a structure enters a block's
  tables only when every question of the block is filled;
- ``additive``: the only questions a table may sum (a hall's capacity, a ticket price or
  a year are never summed; a percentage never is);
- ``size``: the size class derived from a question (the budget), in every breakdown
  (none for a grid that asks no budget);
- ``typology``: the single-choice questions the tables are broken down by;
- ``ratios``: Σ numerator / Σ denominator over the structures, and the median of each
  structure's own ratio, both published;
- ``benchmarks``: figures of elsewhere printed beside the campaign's, with their source
  and year;
- ``parameters``: every threshold a reading of the answers uses (the rural grid's
  typology), with its source label;
- ``names``: the short name of each question in the tables (« Jauge de la salle »
  rather than the question's sentence);
- ``checks``: figures of one structure that must agree (the three contract types make
  the permanent jobs, a « dont » stays under its total), said where they do not.

Nothing here reads a file.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from evalsoc.referentiel.diagnostic import Check, Parameter
from evalsoc.referentiel.model import Frozen, QuestionId

__all__ = ["Benchmark", "Observation", "ObservationRatio", "SizeClass", "SizeSpec"]

SourceLabel = Literal["S", "K", "R", "M"]
Statistic = Literal["moyenne", "mediane", "ratio_sommes", "mediane_ratios"]


def _as_tuple(value: object) -> object:
    return (value,) if isinstance(value, str) else value


Terms = Annotated[tuple[QuestionId, ...], BeforeValidator(_as_tuple), Field(min_length=1)]


class SizeClass(Frozen):
    code: QuestionId
    label: str
    below: float | None = None  # the class holds values under this bound; None: the rest


class SizeSpec(Frozen):
    """Size classes cut on one question's value (the last class has no bound)."""

    question: QuestionId
    label: str
    classes: tuple[SizeClass, ...] = Field(min_length=2)
    source: SourceLabel
    reference: str = ""

    def class_of(self, value: float | None) -> str | None:
        if value is None:
            return None
        return next((c.code for c in self.classes if c.below is None or value < c.below),
                    None)


class ObservationRatio(Frozen):
    """Σ numerator / Σ denominator, and each structure's numerator / denominator; a
    numerator or denominator of several questions is their sum."""

    id: QuestionId
    label: str
    numerator: Terms
    denominator: Terms
    unit: Literal["part", "nombre"] = "part"

    def questions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*self.numerator, *self.denominator)))


class Benchmark(Frozen):
    figure: QuestionId  # a question or a ratio id
    statistic: Statistic
    value: float
    source: str = Field(min_length=1)
    year: int = Field(ge=1900, le=2100)


class Observation(Frozen):
    blocks: tuple[str, ...] = Field(min_length=1)
    additive: tuple[QuestionId, ...] = ()
    size: SizeSpec | None = None
    typology: tuple[QuestionId, ...] = ()
    ratios: tuple[ObservationRatio, ...] = ()
    benchmarks: tuple[Benchmark, ...] = ()
    names: dict[QuestionId, str] = Field(default_factory=dict)
    parameters: tuple[Parameter, ...] = ()
    # figures that must agree within one structure's answers (« dont » lines under
    # their total): a gap is a warning at the total's cell (evalsoc.answers.observed)
    checks: tuple[Check, ...] = ()
    # a reading the engine applies to each structure beside the tables: the rural
    # grid's conditions R1-R12 and its typology (evalsoc.territory.conditions)
    reading: Literal["attractivite_rurale"] | None = None

    def parameter(self, ident: str) -> float:
        return next(p.value for p in self.parameters if p.id == ident)

    def name_of(self, question: str, fallback: str = "") -> str:
        return self.names.get(question, fallback or question)
