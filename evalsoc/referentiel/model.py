"""The référentiel: a frozen, validated model of an indicator framework.

The tree is dimensions > critères > indicateurs > questions. Collections keep the French
names of the method (``criteres``, ``indicateurs``) because they are what référentiel
authors write in YAML; everything else is English. Structural rules that need the whole
tree (unique ids, known scales, formulas) live in :mod:`evalsoc.referentiel.check`, so
that every problem is reported at once rather than the first one only.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from evalsoc.referentiel.crosswalk import Crosswalk

if TYPE_CHECKING:
    from evalsoc.referentiel.diagnostic import Diagnostic
    from evalsoc.referentiel.observation import Observation

__all__ = [
    "Alert",
    "Band",
    "BandsScoring",
    "Condition",
    "Consolidation",
    "Critere",
    "Crosswalk",
    "Dimension",
    "Direction",
    "GlossaryEntry",
    "Group",
    "Indicateur",
    "InformationalScoring",
    "Kind",
    "Level",
    "LinearScoring",
    "NaPolicy",
    "Option",
    "OptionMeaning",
    "OptionsScoring",
    "Polarity",
    "Question",
    "QuestionType",
    "Referentiel",
    "Scale",
    "Scoring",
    "Status",
]

SCHEMA_VERSION = 1
NUMERIC_TYPES = frozenset({"integer", "number", "percent", "amount"})
OPTION_TYPES = frozenset({"scale", "yesno", "single_choice", "multiple_choice"})


def _to_str(value: object) -> object:
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


Code = Annotated[str, BeforeValidator(_to_str)]
NodeId = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9]*(\.[0-9A-Za-z]+)*$")]
QuestionId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
Weight = Annotated[float, Field(gt=0)]
Score = Annotated[float, Field(ge=0, le=100)]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Kind(StrEnum):
    """What a référentiel's results are: a profile of scores (utilité sociale), values,
    bands and alerts that are never a mark (:mod:`evalsoc.referentiel.diagnostic`), or
    the sector statistics of an annual observation, never a mark either
    (:mod:`evalsoc.referentiel.observation`)."""

    UTILITE_SOCIALE = "utilite_sociale"
    DIAGNOSTIC = "diagnostic"
    OBSERVATION = "observation"


class Status(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class QuestionType(StrEnum):
    SCALE = "scale"
    YESNO = "yesno"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    INTEGER = "integer"
    NUMBER = "number"
    PERCENT = "percent"
    AMOUNT = "amount"
    DATE = "date"
    TEXT = "text"


class OptionMeaning(StrEnum):
    VALUE = "value"
    NON_CONCERNE = "non_concerne"
    NE_SAIT_PAS = "ne_sait_pas"


class NaPolicy(StrEnum):
    """How a parent treats a child that is non concerné."""

    EXCLUDE = "exclude"
    ZERO = "zero"
    MAX = "max"


class Polarity(StrEnum):
    HIGHER_BETTER = "higher_better"
    LOWER_BETTER = "lower_better"
    TARGET = "target"


class Direction(StrEnum):
    """Which way an indicator's measured value is good: a rise of a « higher_better »
    value is a progress, a rise of a « lower_better » one (a dependence, a deficit) a
    setback. Scores stay 0 to 100, higher being better, whatever the direction: it is
    what reports say of the value and of its change."""

    HIGHER_BETTER = "higher_better"
    LOWER_BETTER = "lower_better"


class Option(Frozen):
    code: Code
    label: str
    score: float | None = None
    meaning: OptionMeaning = OptionMeaning.VALUE


class Scale(Frozen):
    id: QuestionId
    label: str
    options: tuple[Option, ...] = Field(min_length=1)

    def scored(self) -> tuple[Option, ...]:
        return tuple(o for o in self.options if o.meaning is OptionMeaning.VALUE)


class Group(Frozen):
    id: QuestionId
    label: str
    description: str = ""
    multiple: bool = True
    min_respondents: int = Field(default=1, ge=1)
    typical_respondents: int = Field(default=10, ge=1)
    # structure questions that say how this group's answers were collected (occasions,
    # paper or online, forms handed out): reports show them beside the group's results
    collection: tuple[QuestionId, ...] = ()


class Level(Frozen):
    code: int
    label: str
    min: Score
    color: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")


class Question(Frozen):
    id: QuestionId
    label: str
    description: str = ""
    group: QuestionId = "structure"
    type: QuestionType
    scale: QuestionId | None = None
    options: tuple[Option, ...] = ()
    cap: float | None = Field(default=None, gt=0)
    required: bool = False
    allow_non_concerne: bool = True
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    weight: Weight = 1.0
    tags: tuple[str, ...] = ()
    # the same statement asked of several groups shares one ``mirror`` key: « regards
    # croisés » compare groups on these questions only
    mirror: QuestionId | None = None


class Band(Frozen):
    min: float
    score: Score


class Consolidation(Frozen):
    """How the answers of several respondents of one group become one score."""

    method: Literal["mean", "median", "top_share"] = "mean"
    top: tuple[Code, ...] = ()


class _Scored(Frozen):
    question: QuestionId | None = None
    formula: str | None = None
    consolidation: Consolidation = Consolidation()


class OptionsScoring(Frozen):
    method: Literal["options"]
    consolidation: Consolidation = Consolidation()


class BandsScoring(_Scored):
    method: Literal["bands"]
    polarity: Polarity = Polarity.HIGHER_BETTER
    bands: tuple[Band, ...] = Field(min_length=2)


class LinearScoring(_Scored):
    method: Literal["linear"]
    low: float
    high: float


class InformationalScoring(Frozen):
    method: Literal["informational"]


Scoring = Annotated[
    OptionsScoring | BandsScoring | LinearScoring | InformationalScoring,
    Field(discriminator="method"),
]


class Node(Frozen):
    id: NodeId
    label: str
    description: str = ""
    weight: Weight = 1.0
    tags: tuple[str, ...] = ()
    na_policy: NaPolicy | None = None
    min_coverage: float | None = Field(default=None, ge=0, le=1)


class Condition(Frozen):
    """When an indicator applies: the structure's answer to ``question`` is one of
    ``codes``. Any other answer makes the indicator « non concerné » (an association
    without staff is not concerned by its employer indicators); no answer leaves it to
    its own questions."""

    question: QuestionId
    codes: tuple[Code, ...] = Field(min_length=1)


class Alert(Frozen):
    """A compliance alert, not a score: the structure's answer to the indicator's
    question is one of ``codes`` (a legal obligation not met, say); ``message`` says what
    to check. The indicator is informational."""

    codes: tuple[Code, ...] = Field(min_length=1)
    message: str = Field(min_length=1)


class Indicateur(Node):
    kind: Literal["realisation", "resultat", "impact"]
    direction: Direction = Direction.HIGHER_BETTER
    questions: tuple[Question, ...] = ()
    scoring: Scoring
    applies_if: Condition | None = None
    alert: Alert | None = None


class Critere(Node):
    indicateurs: tuple[Indicateur, ...] = ()
    pistes_action: tuple[str, ...] = ()


class Dimension(Node):
    criteres: tuple[Critere, ...] = ()


class GlossaryEntry(Frozen):
    """A term of the questionnaires (ETP, EAC...) and what it means, on its own sheet."""

    term: str = Field(min_length=1)
    definition: str = Field(min_length=1)


class Referentiel(Frozen):
    schema_version: Literal[1]
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    version: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    title: str
    status: Status = Status.DRAFT
    description: str = ""
    sources: tuple[str, ...] = ()
    changelog: tuple[str, ...] = ()
    groups: tuple[Group, ...] = Field(min_length=1)
    scales: tuple[Scale, ...] = ()
    levels: tuple[Level, ...] = Field(default_factory=lambda: DEFAULT_LEVELS, min_length=2)
    na_policy: NaPolicy = NaPolicy.EXCLUDE
    min_coverage: float = Field(default=0.5, ge=0, le=1)
    pistes_threshold: Score = 50.0
    overall_score: bool = False
    kind: Kind = Kind.UTILITE_SOCIALE
    dimensions: tuple[Dimension, ...] = ()
    glossary: tuple[GlossaryEntry, ...] = ()
    crosswalk: Crosswalk | None = None
    diagnostic: Diagnostic | None = None
    observation: Observation | None = None
    # a bundle (evalsoc.referentiel.bundle): the référentiels a campaign asks together,
    # utilité sociale first; its other fields are theirs, merged
    parts: tuple[Referentiel, ...] = ()

    @model_validator(mode="after")
    def _kind_has_its_content(self) -> Referentiel:
        if self.parts:
            return self
        if self.kind is Kind.OBSERVATION and (self.observation is None or not self.dimensions
                                              or self.diagnostic):
            raise PydanticCustomError(
                "kind", "un référentiel « observation » a des blocs (« dimensions ») et "
                "une section « observation », et pas de section « diagnostic »")
        if self.kind is not Kind.OBSERVATION and self.observation is not None:
            raise PydanticCustomError(
                "kind", "seul un référentiel « observation » (kind: observation) a une "
                "section « observation »")
        if self.kind is Kind.UTILITE_SOCIALE and (not self.dimensions or self.diagnostic):
            raise PydanticCustomError(
                "kind", "un référentiel d'utilité sociale a au moins une dimension "
                "(« dimensions ») et pas de section « diagnostic »")
        if self.kind is Kind.DIAGNOSTIC and (self.diagnostic is None or self.dimensions):
            raise PydanticCustomError(
                "kind", "un référentiel « diagnostic » a une section « diagnostic » et "
                "aucune dimension")
        return self

    @property
    def ref(self) -> str:
        if self.parts:
            return "+".join(p.ref for p in self.parts)
        return f"{self.id}@{self.version}"

    def diagnostics(self) -> tuple[Referentiel, ...]:
        """The référentiels whose results are a diagnostic: itself, or its parts."""
        if self.parts:
            return tuple(p for p in self.parts if p.diagnostic is not None)
        return (self,) if self.diagnostic is not None else ()

    # Indexes computed once per (immutable) référentiel: scoring a batch asks for them
    # for every answer.
    @cached_property
    def _groups(self) -> dict[str, Group]:
        return {g.id: g for g in self.groups}

    @cached_property
    def _indicateurs(self) -> tuple[Indicateur, ...]:
        return tuple(i for d in self.dimensions for c in d.criteres for i in c.indicateurs)

    @cached_property
    def _questions(self) -> dict[str, Question]:
        if self.parts:  # a question shared by two parts is the same (bundle checks it)
            return {q.id: q for p in self.parts for q in p.questions().values()}
        found = {q.id: q for i in self._indicateurs for q in i.questions}
        if self.diagnostic is not None:
            found |= self._diagnostic_questions(self.diagnostic)
        return found

    @cached_property
    def _on_tables(self) -> frozenset[str]:
        return frozenset(q for part in self.diagnostics() if part.diagnostic is not None
                         for q in self._diagnostic_questions(part.diagnostic))

    def asked_on_tables(self) -> frozenset[str]:
        """The questions a diagnostic's sheet asks (its lines, each period): the
        workbook's « Questionnaire » sheet leaves them out, shared ones included."""
        return self._on_tables

    @staticmethod
    def _diagnostic_questions(diagnostic: Diagnostic) -> dict[str, Question]:
        from evalsoc.referentiel.diagnostic import line_question  # noqa: PLC0415

        return {q.id: q for line in diagnostic.asked_lines()
                for period in diagnostic.period_ids() if diagnostic.asks(line, period)
                for q in (line_question(diagnostic, line, period),)}

    @cached_property
    def _options(self) -> dict[str, tuple[Option, ...]]:
        return {q.id: self._options_of(q) for q in self._questions.values()}

    @cached_property
    def _asked(self) -> frozenset[tuple[str, str]]:
        return frozenset((q.group, q.id) for q in self._questions.values())

    @cached_property
    def _by_group(self) -> dict[str, dict[str, Question]]:
        found: dict[str, dict[str, Question]] = {}
        for question in self._questions.values():
            found.setdefault(question.group, {})[question.id] = question
        return found

    def mirrors(self) -> dict[str, tuple[Question, ...]]:
        """The mirror items: each ``mirror`` key and its questions, in the référentiel's
        order."""
        found: dict[str, list[Question]] = {}
        for question in self._questions.values():
            if question.mirror:
                found.setdefault(question.mirror, []).append(question)
        return {key: tuple(qs) for key, qs in found.items()}

    def group(self, group_id: str) -> Group | None:
        return self._groups.get(group_id)

    def scale(self, scale_id: str) -> Scale | None:
        return next((s for s in self.scales if s.id == scale_id), None)

    def indicateurs(self) -> tuple[Indicateur, ...]:
        return self._indicateurs

    def questions(self) -> dict[str, Question]:
        return self._questions

    def questions_of(self, group_id: str) -> dict[str, Question]:
        """The questions asked of one respondent group, by id, in the référentiel's order
        (read only: shared by every caller)."""
        return self._by_group.get(group_id, {})

    def asked(self) -> frozenset[tuple[str, str]]:
        """Every (respondent group, question id) pair the référentiel asks."""
        return self._asked

    def options_of(self, question: Question) -> tuple[Option, ...]:
        """The options a question offers: its own, its scale's, or yes/no by default."""
        cached = self._options.get(question.id)
        return cached if cached is not None else self._options_of(question)

    def _options_of(self, question: Question) -> tuple[Option, ...]:
        if question.options:
            return question.options
        if question.scale and (scale := self.scale(question.scale)):
            return scale.options
        if question.type is QuestionType.YESNO:
            return YES_NO
        return ()

    def level_for(self, score: float) -> Level:
        return [lv for lv in self.levels if lv.min <= score][-1]


DEFAULT_LEVELS: tuple[Level, ...] = (
    Level(code=1, label="À construire", min=0, color="#d55e00"),
    Level(code=2, label="En développement", min=25, color="#e69f00"),
    Level(code=3, label="Affirmé", min=50, color="#56b4e9"),
    Level(code=4, label="Remarquable", min=75, color="#009e73"),
)

YES_NO: tuple[Option, ...] = (
    Option(code="oui", label="Oui", score=1),
    Option(code="non", label="Non", score=0),
)


def _rebuild() -> None:
    """Resolve the forward reference to the diagnostic section (its module needs the
    classes above): evalsoc.referentiel's __init__ imports this module first."""
    from evalsoc.referentiel.diagnostic import Diagnostic  # noqa: PLC0415
    from evalsoc.referentiel.observation import Observation  # noqa: PLC0415

    Referentiel.model_rebuild(_types_namespace={"Diagnostic": Diagnostic,
                                                "Observation": Observation})


_rebuild()
