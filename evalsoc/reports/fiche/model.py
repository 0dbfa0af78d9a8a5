"""The fiche structure as data: what one association's board reads, before any layout.

:func:`evalsoc.reports.fiche.build.build_fiche` fills it from a score result and the
campaign's figures; the HTML and PDF renderers both read it (through
:func:`evalsoc.reports.fiche.view.fiche_view`), so their contents cannot diverge. Scores
are on 0-100 and ``None`` when there is none: such a node is listed in ``unscored`` with
the reason, never shown as 0. No respondent id or name appears anywhere in the model.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = [
    "AlertView",
    "CommentView",
    "CritereView",
    "DimensionView",
    "EvaluatorView",
    "Fiche",
    "GroupCount",
    "GroupMeanView",
    "Highlight",
    "Identity",
    "IndicatorView",
    "LevelView",
    "Method",
    "Piste",
    "Quote",
    "Unscored",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class LevelView(_Frozen):
    code: int
    label: str
    min: float
    color: str


class Identity(_Frozen):
    id: str
    name: str
    departement: str | None = None
    commune: str | None = None
    discipline: str | None = None
    territoire: str | None = None


class GroupCount(_Frozen):
    """Respondents of one group, against the minimum its answers need to count."""

    group: str
    label: str
    n: int
    minimum: int
    collection: str = ""  # how the answers were collected, as the structure says


class AlertView(_Frozen):
    """A compliance alert raised by the structure's answers: to check, never a score."""

    indicator: str
    label: str
    answer: str
    message: str


class IndicatorView(_Frozen):
    """One indicator as the fiche details it: its kind and the direction its measured
    value reads in (« plus c'est bas, mieux c'est » for a dependence), next to its
    score; informational ones are listed too, without a score."""

    id: str
    label: str
    critere: str  # the critère's id
    kind: str  # « réalisation », « résultat », « impact »
    direction: str  # « plus c'est haut, mieux c'est » or the reverse
    score: float | None = None
    status: str = ""  # why there is no score (« non concerné »...), « informatif »


class Method(_Frozen):
    referentiel: str  # id@version
    referentiel_title: str
    hash_prefix: str
    campaign: str
    year: int
    mode: str  # "auto-évaluation" or "évaluation externe partagée"
    engine_version: str
    respondents: tuple[GroupCount, ...] = ()
    sector_structures: int | None = None  # structures scored in the campaign


class EvaluatorView(_Frozen):
    """The evaluator's own appreciation of a dimension (évaluation externe partagée)."""

    level: int | None = None
    level_label: str | None = None
    text: str | None = None


class CritereView(_Frozen):
    id: str
    label: str
    score: float | None = None
    level: int | None = None
    level_label: str | None = None
    absent: str = ""  # short reason when there is no score ("trop peu de répondants")


class PeerView(_Frozen):
    """The quartiles of one dimension among the structure's peers (same discipline, else
    same size class), as the campaign's publication prints them."""

    column: str  # "discipline" or "taille"
    group: str
    n: int
    q1: float | None = None
    median: float
    q3: float | None = None


class DimensionView(_Frozen):
    id: str
    label: str
    score: float | None = None
    level: int | None = None
    level_label: str | None = None
    absent: str = ""
    completeness: float = 0.0
    sector_median: float | None = None
    median_note: str = ""  # why there is no median (statistical secrecy)
    peers: PeerView | None = None
    stability: float | None = None  # share of the robustness variants keeping the level
    previous: float | None = None
    # the change since ``previous`` under the robustness variants: 5th and 95th percentile
    change_noise: tuple[float, float] | None = None
    criteres: tuple[CritereView, ...] = ()
    evaluator: EvaluatorView | None = None


class Highlight(_Frozen):
    """A strength or a point of vigilance: one critère with its score and level."""

    id: str
    label: str
    dimension: str
    score: float
    level: int
    level_label: str


class Piste(_Frozen):
    """The référentiel's recommended actions for one weak critère."""

    id: str
    label: str
    dimension: str
    score: float
    actions: tuple[str, ...]


class GroupMeanView(_Frozen):
    """How one group of respondents sees one dimension: the mean of the scores of the
    indicators that group's answers feed."""

    dimension: str
    dimension_label: str
    group: str
    group_label: str
    mean: float
    indicators: int
    respondents: int | None = None


class Quote(_Frozen):
    """A free-text answer, as written, attributed to a group only (never a person)."""

    text: str
    group_label: str
    question: str
    shortened: bool = False


class CommentView(_Frozen):
    """A comment written beside an answer, with the question it is about: the
    structure's own words, or a respondent's, attributed to a group only."""

    question: str
    text: str
    group_label: str = ""  # empty for the structure's own comments
    shortened: bool = False


class Unscored(_Frozen):
    """A node without a score, and why, in plain French."""

    id: str
    kind: str  # "Dimension", "Critère", "Indicateur"
    label: str
    status: str  # "non évaluable", "non concerné", "ne sait pas"...
    why: str


class PlanView(_Frozen):
    """One piste d'action the board chose, as the workbook's « Plan d'action » gives it."""

    piste: str
    responsable: str | None = None
    echeance: str | None = None  # ISO date or month
    indicateur: str | None = None
    statut: str | None = None


class Fiche(_Frozen):
    identity: Identity
    method: Method
    levels: tuple[LevelView, ...]
    pistes_threshold: float
    dimensions: tuple[DimensionView, ...]
    strengths: tuple[Highlight, ...] = ()
    vigilance: tuple[Highlight, ...] = ()
    pistes: tuple[Piste, ...] = ()
    weak_total: int = 0  # critères under the threshold, shown or not
    divergence: tuple[GroupMeanView, ...] = ()
    mirrored: bool = False  # divergence read on mirror items only
    alerts: tuple[AlertView, ...] = ()
    quotes: tuple[Quote, ...] = ()
    quotes_total: int = 0
    comments: tuple[CommentView, ...] = ()
    unscored: tuple[Unscored, ...] = ()
    indicators: tuple[IndicatorView, ...] = ()
    previous_campaign: str | None = None
    previous_note: str | None = None  # what the previous campaign's column leaves out
    median_label: str | None = None  # e.g. "Médiane de la campagne 2025 (12 structures)"
    plan: tuple[PlanView, ...] = ()  # the board's plan d'action (workbook)
    shared_analysis: str | None = None  # « analyse partagée » typed in the workbook

    @property
    def has_evaluator(self) -> bool:
        return any(d.evaluator is not None for d in self.dimensions)
