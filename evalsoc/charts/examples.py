"""Example inputs of every chart, of a realistic size: for the documentation, the tests
and ``benchmarks/bench_charts.py``. Made-up figures, fixed (no randomness)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from evalsoc.charts.bars import completeness, criteria_bars
from evalsoc.charts.data import (
    Axis,
    CompletenessItem,
    CritereScore,
    EvolutionPoint,
    EvolutionSeries,
    GroupMean,
    HeatCell,
    HeatRow,
    HeatTable,
    Profile,
    Spread,
)
from evalsoc.charts.distribution import distribution
from evalsoc.charts.divergence import divergence
from evalsoc.charts.evolution import evolution
from evalsoc.charts.heatmap import heatmap
from evalsoc.charts.radar import radar
from evalsoc.charts.render import Chart

__all__ = [
    "COMPLETENESS", "CRITERES", "DIMENSIONS", "EVOLUTION", "GROUPS", "HEAT", "MEDIAN",
    "PREVIOUS", "STRUCTURE", "VALUES", "all_charts",
]

DIMENSIONS = (
    Axis("ECO", "Économique & emploi"),
    Axis("SOC", "Sociale / lien social"),
    Axis("CULT", "Culturelle & artistique"),
    Axis("TERR", "Territoriale"),
    Axis("GOUV", "Gouvernance & engagement"),
    Axis("INNOV", "Innovation & changement sociétal"),
)
LABELS = [d.label for d in DIMENSIONS]

STRUCTURE = Profile("La Grange", {"ECO": 67.5, "SOC": 48.2, "CULT": 81.0, "TERR": 35.4,
                                  "GOUV": 55.0, "INNOV": None})
MEDIAN = Profile("Médiane du secteur", {"ECO": 52.0, "SOC": 55.5, "CULT": 60.0,
                                        "TERR": 47.0, "GOUV": 50.0, "INNOV": 38.0})
PREVIOUS = Profile("La Grange, campagne 2023", {"ECO": 60.0, "SOC": 41.0, "CULT": 77.5,
                                                "TERR": 30.0, "GOUV": None, "INNOV": 20.0})

CRITERES = (
    CritereScore(LABELS[0], "ECO.1", "Emplois créés et maintenus", 72.5),
    CritereScore(LABELS[0], "ECO.2", "Qualité de l'emploi", 44.0),
    CritereScore(LABELS[0], "ECO.3", "Ressources hybrides et effet levier de l'argent public",
                 18.3),
    CritereScore(LABELS[1], "SOC.1", "Lien social", 81.0),
    CritereScore(LABELS[1], "SOC.2", "Mixité sociale et générationnelle", None,
                 "trop peu de répondants (2 sur 5 requis)"),
    CritereScore(LABELS[1], "SOC.3", "Accès des personnes en difficulté", 100.0),
    CritereScore(LABELS[2], "CULT.1", "Diversité esthétique", 55.5),
    CritereScore(LABELS[2], "CULT.2", "Soutien à la création", 0.0),
    CritereScore(LABELS[2], "CULT.3", "Droits culturels", 62.5),
    CritereScore(LABELS[3], "TERR.1", "Rayonnement", None, "non concerné"),
    CritereScore(LABELS[3], "TERR.2", "Partenariats locaux", 63.0),
    CritereScore(LABELS[4], "GOUV.1", "Engagement bénévole", 58.0),
    CritereScore(LABELS[4], "GOUV.2", "Gouvernance participative", 52.0),
    CritereScore(LABELS[5], "INNOV.1", "Expérimentations", None, "couverture insuffisante"),
)

_GROUP_MEANS = {
    "structure": (78.5, 70.0, 85.0, 60.0, 72.0, None),
    "bénévoles": (65.4, 62.0, 80.0, 55.0, 58.3, 40.0),
    "salariés": (55.0, 58.5, 75.0, 50.0, 45.0, 35.0),
    "publics": (None, 48.0, 70.0, 62.0, None, 30.0),
    "partenaires": (60.0, 52.0, 66.0, 70.0, 50.0, 45.0),
}
_GROUP_N = {"structure": 1, "bénévoles": 12, "salariés": 5, "publics": 48, "partenaires": 7}
GROUPS = tuple(
    GroupMean(label, group, mean,
              None if mean is None or group == "structure" else max(0.0, mean - 12),
              None if mean is None or group == "structure" else min(100.0, mean + 9),
              _GROUP_N[group])
    for group, means in _GROUP_MEANS.items()
    for label, mean in zip(LABELS, means, strict=True)
)


def _spread(centre: float, count: int) -> tuple[float, ...]:
    """``count`` fixed scores around ``centre``, as a campaign would give."""
    return tuple(round(min(100.0, max(0.0, centre + ((i * 37) % 61 - 30) * 0.9)), 1)
                 for i in range(count))


def _summary(values: tuple[float, ...]) -> Spread:
    """What a sector table would publish about these scores."""
    q1, median, q3 = (float(v) for v in np.quantile(values, (0.25, 0.5, 0.75)))
    return Spread(len(values), median, *((q1, q3) if len(values) >= 10 else (None, None)))


VALUES = {label: _summary(_spread(48 + 5 * i, 40 - 5 * i))
          for i, label in enumerate(LABELS[:5])}
VALUES[LABELS[5]] = Spread(None, masked=True)  # too few structures: secret

_DEPARTEMENTS = ("Ain", "Allier", "Ardèche", "Cantal", "Drôme", "Isère", "Loire",
                 "Haute-Loire", "Puy-de-Dôme", "Rhône", "Savoie", "Haute-Savoie")


def _heat_cell(i: int, j: int) -> HeatCell:
    if (i * 7 + j) % 9 == 0:
        return HeatCell(None, masked=True)
    if (i + j) % 11 == 5:
        return HeatCell(None)
    return HeatCell(round(15 + (i * 13 + j * 29) % 76 + 0.1 * j, 1), n=3 + (i * 5 + j) % 25)


HEAT = HeatTable(tuple(LABELS), tuple(
    HeatRow(name, tuple(_heat_cell(i, j) for j in range(len(LABELS))))
    for i, name in enumerate(_DEPARTEMENTS)))


def _evolution_point(code: str, year: int, k: int) -> EvolutionPoint:
    if (code, year) == ("INNOV", 2022):
        return EvolutionPoint(year, None, masked=True)
    if (code, year) == ("GOUV", 2023):
        return EvolutionPoint(year, None)
    return EvolutionPoint(year, round(35 + (k * 17 + year * 7) % 45 + 0.5, 1),
                          n=20 + (k * 11 + year) % 40)


EVOLUTION = tuple(
    EvolutionSeries(d.label, tuple(_evolution_point(d.code, year, k)
                                   for year in (2021, 2022, 2023, 2024)))
    for k, d in enumerate(DIMENSIONS))

COMPLETENESS = (
    CompletenessItem(LABELS[0], 0.92),
    CompletenessItem(LABELS[1], 0.75, "12 répondants sur 16"),
    CompletenessItem(LABELS[2], 1.0),
    CompletenessItem(LABELS[3], 0.41),
    CompletenessItem(LABELS[4], 0.6),
    CompletenessItem(LABELS[5], 0.0),
)


def all_charts() -> dict[str, Callable[[], Chart]]:
    """Each chart drawn from the examples above, by name."""
    highlight = Profile(STRUCTURE.name, {d.label: STRUCTURE.score(d.code) for d in DIMENSIONS})
    return {
        "radar": lambda: radar(DIMENSIONS, STRUCTURE, MEDIAN, PREVIOUS),
        "criteria_bars": lambda: criteria_bars(CRITERES),
        "divergence": lambda: divergence(GROUPS),
        "distribution": lambda: distribution(VALUES, highlight),
        "heatmap": lambda: heatmap(HEAT, "Département"),
        "evolution": lambda: evolution(EVOLUTION),
        "completeness": lambda: completeness(COMPLETENESS, threshold=0.5),
    }
