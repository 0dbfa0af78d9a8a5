"""The fiche of one structure, from its score result and the campaign's figures: pure.

Strengths are the critères at the highest level(s) the structure reaches, never below
the référentiel's ``pistes_threshold``; points of vigilance are its weakest critères
below that threshold, and the pistes d'action are the référentiel's actions for them
(:func:`evalsoc.scoring.pistes.weak_criteres`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from evalsoc.answers.model import EvaluatorNote, PlanAction
from evalsoc.excel.layout import MODES
from evalsoc.explain.text import ABSENT_LABELS
from evalsoc.referentiel.model import Referentiel
from evalsoc.reports.fiche.indicators import indicator_views
from evalsoc.reports.fiche.model import (
    AlertView,
    CommentView,
    CritereView,
    DimensionView,
    EvaluatorView,
    Fiche,
    GroupCount,
    Highlight,
    Identity,
    LevelView,
    Method,
    PeerView,
    Piste,
    PlanView,
)
from evalsoc.reports.fiche.parts import (
    MAX_QUOTES,
    Verbatim,
    group_means,
    pick_quotes,
    unscored,
)
from evalsoc.scoring.alerts import RaisedAlert
from evalsoc.scoring.pistes import weak_criteres
from evalsoc.scoring.result import NodeScore, ScoreResult

__all__ = ["MAX_HIGHLIGHTS", "MAX_PISTES", "CampaignFigures", "Previous", "build_fiche"]

MAX_HIGHLIGHTS = 5
MAX_PISTES = 5  # with the critères' chart, fills the second page
MIN_STRENGTHS = 3  # below this, the next level down is added to the strengths


@dataclass(frozen=True)
class CampaignFigures:
    """The campaign a fiche belongs to and what the sector says per dimension.

    ``medians`` map a dimension id to the campaign's median (``None`` or absent: none);
    ``median_notes`` say why a median is not published (statistical secrecy)."""

    name: str
    year: int
    structures: int | None = None
    medians: Mapping[str, float | None] = field(default_factory=dict)
    median_notes: Mapping[str, str] = field(default_factory=dict)
    # structure_id -> dimension -> its peers' quartiles (evalsoc.publish.peers)
    peers: Mapping[str, Mapping[str, PeerView]] = field(default_factory=dict)
    # structure_id -> dimension -> share of the robustness variants keeping its level
    stability: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    # structure_id -> dimension -> interval of its change since the previous campaign
    # under the robustness variants (evalsoc.sensitivity.change)
    change_noise: Mapping[str, Mapping[str, tuple[float, float]]] = field(
        default_factory=dict)


@dataclass(frozen=True)
class Previous:
    """The structure's dimension scores in an earlier campaign."""

    campaign: str
    scores: Mapping[str, float | None]
    note: str = ""  # what is not compared and why (evalsoc.versions.compare)


def _absent(node: NodeScore) -> str:
    if node.score is not None:
        return ""
    return ABSENT_LABELS[node.absent] if node.absent else "non évaluable"


def _critere(node: NodeScore) -> CritereView:
    return CritereView(id=node.id, label=node.label, score=node.score, level=node.level,
                       level_label=node.level_label, absent=_absent(node))


def _evaluator(note: EvaluatorNote | None, ref: Referentiel) -> EvaluatorView | None:
    if note is None or (note.level is None and not (note.text or "").strip()):
        return None
    level = next((lv for lv in ref.levels if lv.code == note.level), None)
    return EvaluatorView(level=note.level, level_label=level.label if level else None,
                         text=(note.text or "").strip() or None)


def _dimensions(result: ScoreResult, ref: Referentiel, campaign: CampaignFigures,
                previous: Previous | None,
                notes: Mapping[str, EvaluatorNote]) -> tuple[DimensionView, ...]:
    return tuple(DimensionView(
        id=d.id, label=d.label, score=d.score, level=d.level, level_label=d.level_label,
        absent=_absent(d), completeness=min(max(d.completeness, 0.0), 1.0),
        sector_median=campaign.medians.get(d.id), median_note=campaign.median_notes.get(d.id, ""),
        peers=campaign.peers.get(result.structure.id, {}).get(d.id),
        stability=campaign.stability.get(result.structure.id, {}).get(d.id),
        previous=previous.scores.get(d.id) if previous else None,
        change_noise=campaign.change_noise.get(result.structure.id, {}).get(d.id),
        criteres=tuple(_critere(c) for c in d.children if not c.informational),
        evaluator=_evaluator(notes.get(d.id), ref))
        for d in result.dimensions if not d.informational)


def _highlight(node: NodeScore, dimension: str) -> Highlight:
    assert node.score is not None and node.level is not None
    return Highlight(id=node.id, label=node.label, dimension=dimension, score=node.score,
                     level=node.level, level_label=node.level_label or "")


def _strengths(result: ScoreResult, ref: Referentiel) -> tuple[Highlight, ...]:
    good = [(c, d.label) for d in result.dimensions for c in d.children
            if c.score is not None and c.level is not None
            and c.score >= ref.pistes_threshold]
    levels = sorted({c.level for c, _ in good if c.level is not None}, reverse=True)
    kept: list[tuple[NodeScore, str]] = []
    for level in levels:
        if len(kept) >= MIN_STRENGTHS:
            break
        kept += [item for item in good if item[0].level == level]
    kept.sort(key=lambda item: (-(item[0].score or 0.0), item[0].id))
    return tuple(_highlight(c, label) for c, label in kept[:MAX_HIGHLIGHTS])


def _weak(result: ScoreResult, ref: Referentiel
          ) -> tuple[tuple[Highlight, ...], tuple[Piste, ...], int]:
    labels = {c.id: d.label for d in ref.dimensions for c in d.criteres}
    weak = weak_criteres(result, ref)
    vigilance = tuple(_highlight(w.node, labels[w.critere.id])
                      for w in weak[:MAX_HIGHLIGHTS] if w.node.level is not None)
    pistes = tuple(Piste(id=w.node.id, label=w.node.label, dimension=labels[w.critere.id],
                         score=w.node.score or 0.0, actions=w.critere.pistes_action)
                   for w in weak if w.critere.pistes_action)
    return vigilance, pistes[:MAX_PISTES], len(weak)


def _method(result: ScoreResult, ref: Referentiel, campaign: CampaignFigures,
            mode: str, collection: Mapping[str, str]) -> Method:
    groups = tuple(GroupCount(group=g.id, label=g.label, n=result.respondents.get(g.id, 0),
                              minimum=g.min_respondents, collection=collection.get(g.id, ""))
                   for g in ref.groups if g.multiple and g.id != "structure")
    return Method(referentiel=result.referentiel, referentiel_title=ref.title,
                  hash_prefix=result.referentiel_hash[:12], campaign=campaign.name,
                  year=campaign.year, mode=mode, engine_version=result.engine_version,
                  respondents=groups, sector_structures=campaign.structures)


def build_fiche(result: ScoreResult, referentiel: Referentiel, campaign: CampaignFigures, *,
                previous: Previous | None = None, evaluator: Sequence[EvaluatorNote] = (),
                verbatims: Sequence[Verbatim] = (), mode: str | None = None,
                max_quotes: int = MAX_QUOTES, comments: Sequence[CommentView] = (),
                alerts: Sequence[RaisedAlert] = (),
                collection: Mapping[str, str] | None = None,
                plan: Sequence[PlanAction] = (), shared_analysis: str | None = None) -> Fiche:
    """Everything the fiche shows, computed once; ``mode`` defaults to the structure's
    declared mode, else to « évaluation externe partagée » when an evaluator wrote notes."""
    info = result.structure
    notes = {n.dimension: n for n in evaluator}
    mode = mode or info.mode or (MODES[1] if notes else MODES[0])
    vigilance, pistes, weak_total = _weak(result, referentiel)
    quotes, total = pick_quotes(verbatims, referentiel, limit=max_quotes)
    return Fiche(
        identity=Identity(id=info.id, name=info.name or info.id, departement=info.departement,
                          commune=info.commune, discipline=info.discipline,
                          territoire=info.territoire),
        method=_method(result, referentiel, campaign, mode, collection or {}),
        levels=tuple(LevelView(code=lv.code, label=lv.label, min=lv.min, color=lv.color)
                     for lv in referentiel.levels),
        pistes_threshold=referentiel.pistes_threshold,
        dimensions=_dimensions(result, referentiel, campaign, previous, notes),
        strengths=_strengths(result, referentiel), vigilance=vigilance, pistes=pistes,
        weak_total=weak_total, divergence=group_means(result, referentiel),
        mirrored=bool(referentiel.mirrors()), quotes=quotes,
        alerts=tuple(AlertView(indicator=a.indicator, label=a.label, answer=a.answer,
                               message=a.message) for a in alerts),
        quotes_total=total, comments=tuple(comments),
        unscored=unscored(result, referentiel),
        indicators=indicator_views(result, referentiel),
        previous_campaign=previous.campaign if previous and previous.scores else None,
        previous_note=previous.note if previous and previous.note else None,
        median_label=(f"Médiane de la campagne {campaign.name}"
                      if any(v is not None for v in campaign.medians.values())
                      or campaign.median_notes else None),
        plan=tuple(PlanView(piste=a.piste, responsable=a.responsable, echeance=a.echeance,
                            indicateur=a.indicateur, statut=a.statut) for a in plan),
        shared_analysis=(shared_analysis or "").strip() or None)
