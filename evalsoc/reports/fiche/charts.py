"""The charts of a fiche, drawn once from its model; both renderers reuse their SVG."""

from __future__ import annotations

from dataclasses import dataclass

from evalsoc.charts import (
    Axis,
    Chart,
    CritereScore,
    GroupMean,
    Profile,
    criteria_bars,
    divergence,
    radar,
)
from evalsoc.referentiel.model import Level
from evalsoc.reports.fiche.model import Fiche

__all__ = ["FicheCharts", "fiche_charts"]

MIN_AXES = 3  # a web needs three dimensions


@dataclass(frozen=True, slots=True)
class FicheCharts:
    radar: Chart | None = None
    criteres: Chart | None = None
    divergence: Chart | None = None


def _levels(fiche: Fiche) -> tuple[Level, ...]:
    return tuple(Level(code=lv.code, label=lv.label, min=lv.min, color=lv.color)
                 for lv in fiche.levels)


def _radar(fiche: Fiche, levels: tuple[Level, ...]) -> Chart | None:
    dims = fiche.dimensions
    if len(dims) < MIN_AXES:
        return None
    median = (Profile(fiche.median_label, {d.id: d.sector_median for d in dims})
              if fiche.median_label else None)
    previous = None
    if fiche.previous_campaign and any(d.previous is not None for d in dims):
        previous = Profile(f"Campagne {fiche.previous_campaign}",
                           {d.id: d.previous for d in dims})
    return radar(tuple(Axis(d.id, d.label) for d in dims),
                 Profile(fiche.identity.name, {d.id: d.score for d in dims}), median,
                 previous, levels=levels, title="Profil de la structure par dimension")


def _criteres(fiche: Fiche, levels: tuple[Level, ...]) -> Chart | None:
    bars = [CritereScore(d.label, "", c.label, c.score, c.absent)  # codes cost label room
            for d in fiche.dimensions for c in d.criteres]
    if not bars:
        return None
    return criteria_bars(bars, levels=levels, title="Score et niveau de chaque critère")


def _divergence(fiche: Fiche) -> Chart | None:
    if not fiche.divergence:
        return None
    return divergence([GroupMean(g.dimension_label, g.group_label, g.mean, n=g.respondents)
                       for g in fiche.divergence],
                      title="Regards croisés : score moyen selon le groupe de répondants")


def fiche_charts(fiche: Fiche) -> FicheCharts:
    """The radar, the critères' bars and the groups' divergence (``None`` when there is
    nothing to draw)."""
    levels = _levels(fiche)
    return FicheCharts(radar=_radar(fiche, levels), criteres=_criteres(fiche, levels),
                       divergence=_divergence(fiche))
