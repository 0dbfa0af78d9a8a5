"""Charts of the reports: pure functions from plain data to inline-able, accessible SVG.

Each function takes the dataclasses of :mod:`evalsoc.charts.data` and returns a
:class:`Chart` (SVG string, French alternative text, title, size in cm); nothing is read
or written. The SVG is the same for the HTML report (inlined) and the PDF one (Typst's
``image``): see :mod:`evalsoc.charts.svg` for what makes it so. For a fiche structure,
:mod:`evalsoc.charts.adapters` turns a :class:`~evalsoc.scoring.result.ScoreResult` into
these data.
"""

from evalsoc.charts.adapters import axes_of, completeness_of, criteres_of, profile_of
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
    "Axis",
    "Chart",
    "CompletenessItem",
    "CritereScore",
    "EvolutionPoint",
    "EvolutionSeries",
    "GroupMean",
    "HeatCell",
    "HeatRow",
    "HeatTable",
    "Profile",
    "Spread",
    "axes_of",
    "completeness",
    "completeness_of",
    "criteres_of",
    "criteria_bars",
    "distribution",
    "divergence",
    "evolution",
    "heatmap",
    "profile_of",
    "radar",
]
