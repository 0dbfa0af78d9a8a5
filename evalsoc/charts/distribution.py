"""Where the structures of a sector stand, per dimension: box plots drawn by hand.

The box is the first to third quartile with the median written beside it; whiskers run
from the 10th to the 90th percentile, not to the extremes, and no single structure is
drawn: a sector report must not let a reader recover one structure's score (the
extremes are what the secrecy rules of :mod:`evalsoc.stats` hide). A dimension with
fewer than ``min_n`` structures is not drawn at all and says so. Quantiles interpolate
linearly, as Excel's QUARTILE.INCLUS and :func:`evalsoc.stats.aggregate.summarise` do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from evalsoc.charts.data import Profile
from evalsoc.charts.marks import (
    HATCH,
    MASK_FACE,
    NA_SHORT,
    NON_EVALUABLE,
    SECRET,
    Key,
    area,
    legend,
    legend_height,
    n_text,
    rects,
    score,
    sentence,
    shift,
    value_scale,
)
from evalsoc.charts.render import Chart, render
from evalsoc.charts.style import GREY, INK, SKY, SMALL, VERMILLION, tint
from evalsoc.charts.text import Labels, fit, wrap

__all__ = ["distribution", "quantiles"]

WIDTH_CM = 16.0
HEIGHT_CM = 7.0
LEFT_CM = 0.9
RIGHT_CM = 0.3
NAMES_CM = 1.3  # dimension names on two lines, then n
TOP_CM = 0.25
BOX_FACE = tint(SKY, 0.45)
QUANTILES = (0.1, 0.25, 0.5, 0.75, 0.9)
HIGHLIGHT: dict[str, Any] = {"marker": "D", "color": VERMILLION, "markeredgecolor": INK,
             "markeredgewidth": 0.5, "markersize": 5}


def quantiles(values: Sequence[float]) -> tuple[float, float, float, float, float]:
    """P10, Q1, median, Q3, P90, linearly interpolated."""
    p10, q1, med, q3, p90 = np.quantile(np.asarray(values, dtype=float), QUANTILES)
    return float(p10), float(q1), float(med), float(q3), float(p90)


def _draw(figure: Figure, labels: Labels, values: Mapping[str, Sequence[float]],
          highlight: Profile | None, min_n: int, keys: list[Key], legend_cm: float) -> None:
    names = list(values)
    bottom = legend_cm + NAMES_CM
    ax = area(figure, LEFT_CM, bottom, WIDTH_CM - LEFT_CM - RIGHT_CM,
              HEIGHT_CM - bottom - TOP_CM, xlim=(-0.5, len(names) - 0.5), ylim=(0, 100))
    value_scale(ax, labels, [0, 25, 50, 75, 100], score, axis="y")
    ax.plot([-0.5, len(names) - 0.5], [0, 0], color=GREY, linewidth=0.6)
    whiskers: list[list[float]] = [[], []]
    boxes, medians, masked = [], [], []
    column_cm = (WIDTH_CM - LEFT_CM - RIGHT_CM) / len(names)
    for x, name in enumerate(names):
        data = values[name]
        labels.add(x, 0, f"{wrap(name, column_cm - 0.2)}\n{n_text(len(data))}",
                   shift(ax.get_xaxis_transform(), dy_cm=-0.12), ha="center", va="top",
                   linespacing=0.95)
        if len(data) < min_n:
            masked.append((x - 0.25, 0, 0.5, 100))
            labels.add(x, 50, f"{SECRET}\n(n < {min_n})", ax.transData, size=SMALL,
                       italic=True, ha="center", box="white")
            continue
        p10, q1, med, q3, p90 = quantiles(data)
        for low, high in ((p10, q1), (q3, p90)):
            whiskers[0] += [x, x, np.nan]
            whiskers[1] += [low, high, np.nan]
        whiskers[0] += [x - 0.07, x + 0.07, np.nan, x - 0.07, x + 0.07, np.nan]
        whiskers[1] += [p10, p10, np.nan, p90, p90, np.nan]
        boxes.append((x - 0.17, q1, 0.34, q3 - q1))
        medians.append((x, med))
        labels.add(x - 0.2, med, score(med), ax.transData, size=SMALL, bold=True, ha="right")
    ax.plot(whiskers[0], whiskers[1], color=INK, linewidth=0.7, zorder=2)
    rects(ax, boxes, facecolor=BOX_FACE, edgecolor=INK, linewidth=0.6)
    rects(ax, masked, facecolor=MASK_FACE, edgecolor=GREY, hatch=HATCH, linewidth=0.5)
    ax.hlines([m for _, m in medians], [x - 0.17 for x, _ in medians],
              [x + 0.17 for x, _ in medians], colors=INK, linewidth=1.8, zorder=3)
    if highlight is not None:
        points = [(x, v) for x, name in enumerate(names)
                  if (v := highlight.score(name)) is not None]
        ax.plot([x + 0.02 for x, _ in points], [v for _, v in points], linestyle="none",
                zorder=4, **HIGHLIGHT)
        for x, name in enumerate(names):
            value = highlight.score(name)
            text = NA_SHORT if value is None else score(value)
            labels.add(x + 0.12, 4 if value is None else value, text, ax.transData,
                       size=SMALL, color=VERMILLION if value is None else INK,
                       italic=value is None, box="white")
    legend(figure, labels, keys, top=legend_cm, width_cm=WIDTH_CM)


def _describe(label: str, data: Sequence[float], min_n: int) -> str:
    if len(data) < min_n:
        return f"{label} : {SECRET} ({n_text(len(data))}, moins de {min_n} structures)"
    p10, q1, med, q3, p90 = quantiles(data)
    return (f"{label} : médiane {score(med)}, Q1 {score(q1)}, Q3 {score(q3)}, "
            f"P10 {score(p10)}, P90 {score(p90)} ({n_text(len(data))})")


def distribution(values_by_dimension: Mapping[str, Sequence[float]],
                 highlight: Profile | None = None, *, min_n: int = 3,
                 title: str | None = None) -> Chart:
    """Distribution of the structures' scores per dimension (keys: dimension labels, in
    order), with the ``highlight`` structure's own scores (keyed by the same labels)."""
    if not values_by_dimension:
        raise ValueError("aucune dimension à tracer")
    for label, data in values_by_dimension.items():
        if any(not (0 <= v <= 100) for v in data):
            raise ValueError(f"{label} : score hors de l'échelle 0-100")
    keys = [Key("50 % central (Q1–Q3)", style={"facecolor": BOX_FACE, "edgecolor": INK,
                                              "linewidth": 0.6}),
            Key("médiane", "line", {"color": INK, "linewidth": 1.8}),
            Key("80 % central (P10–P90)", "line", {"color": INK, "linewidth": 0.7})]
    mine = ""
    if highlight is not None:
        keys.append(Key(fit(highlight.name, 5), "line", {"linestyle": "none", **HIGHLIGHT}))
        listed = ", ".join(
            f"{label} {NON_EVALUABLE}" if (v := highlight.score(label)) is None
            else f"{label} {score(v)}" for label in values_by_dimension)
        mine = f"{highlight.name} (losange) : {listed}"
    legend_cm = legend_height(keys, WIDTH_CM) + 0.1
    alt = sentence([
        "Distribution des scores sur 100 des structures, par dimension",
        *(_describe(label, data, min_n) for label, data in values_by_dimension.items()),
        mine,
    ])
    return render(lambda fig, labels: _draw(fig, labels, values_by_dimension, highlight,
                                            min_n, keys, legend_cm),
                  title=title or "Répartition des scores des structures par dimension",
                  alt=alt, width_cm=WIDTH_CM, height_cm=HEIGHT_CM)
