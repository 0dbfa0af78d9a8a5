"""Each dimension across campaigns, as small multiples sharing the 0-100 scale.

One panel per dimension (so lines never cross and every point can carry its value and
its n), all panels drawn in one plot area. A campaign without a value breaks
the line and reads « n.é. »; a masked one says « secret » where its point would be.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import partial

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from evalsoc.charts.data import EvolutionPoint, EvolutionSeries
from evalsoc.charts.marks import (
    NA_SHORT,
    NON_EVALUABLE,
    SECRET,
    area,
    n_text,
    score,
    sentence,
    shift,
    value_scale,
)
from evalsoc.charts.render import Chart, render
from evalsoc.charts.style import BLUE, GREY, INK, LIGHT_GREY, SMALL
from evalsoc.charts.text import Labels, fit

__all__ = ["evolution"]

WIDTH_CM = 16.0
ROW_CM = 3.6   # one row of panels: title, plot, campaigns and n
PLOT_CM = 2.0
LEFT_CM = 0.8
RIGHT_CM = 0.2
PER_ROW = 3
PAD = 0.5  # around a panel's first and last campaigns, in campaign steps
GAP = 0.4  # between panels


def _campaigns(series: Sequence[EvolutionSeries]) -> list[str]:
    return list(dict.fromkeys(str(p.campaign) for s in series for p in s.points))


def _panel(ax: Axes, labels: Labels, x0: float, y0: float, one: EvolutionSeries,
           campaigns: list[str], title_cm: float) -> None:
    """One dimension: campaigns from ``x0``, its 0-100 scale from ``y0`` (data units)."""
    width = len(campaigns) - 1 + 2 * PAD
    ax.plot([x0 - PAD, x0 + width - PAD], [y0, y0], color=GREY, linewidth=0.6)
    ax.plot([x0 - PAD, x0 + width - PAD], [y0 + 50, y0 + 50], color=LIGHT_GREY,
            linewidth=0.5, linestyle=(0, (2, 2)), zorder=1)
    labels.add(x0 + (len(campaigns) - 1) / 2, y0 + 100, fit(one.label, title_cm, bold=True),
               shift(ax.transData, dy_cm=0.25), ha="center", va="bottom", bold=True)
    points: dict[str, EvolutionPoint] = {str(p.campaign): p for p in one.points}
    xs = [x0 + i for i in range(len(campaigns))]
    ys = [np.nan if (p := points.get(c)) is None or p.masked or p.value is None else p.value
          for c in campaigns]
    ax.plot(xs, [y0 + y for y in ys], color=BLUE, marker="o", markersize=3.5,
            markeredgecolor=INK, markeredgewidth=0.4, linewidth=1.2, zorder=3)
    for k, (x, campaign, y) in enumerate(zip(xs, campaigns, ys, strict=True)):
        point = points.get(campaign)
        under = campaign if point is None or point.n is None else f"{campaign}\n{n_text(point.n)}"
        labels.add(x, y0, under, shift(ax.transData, dy_cm=-0.1), size=SMALL, ha="center",
                   va="top", linespacing=0.95)
        if point is not None and point.masked:
            labels.add(x, y0 + 50, SECRET, ax.transData, size=SMALL, italic=True,
                       ha="center", rotation=90, box="white")
        elif point is None or point.value is None:
            labels.add(x, y0 + 50, NA_SHORT, ax.transData, size=SMALL, italic=True,
                       ha="center", color=GREY, box="white")
        else:
            neighbours = [v for v in ys[max(k - 1, 0):k + 2] if not np.isnan(v)]
            below = len(neighbours) > 1 and y <= min(neighbours) and y > 15  # a trough
            labels.add(x, y0 + y, score(y),
                       shift(ax.transData, dy_cm=-0.12 if below else 0.12), size=SMALL,
                       ha="center", va="top" if below else "bottom")


def _offset_score(y0: float, value: float) -> str:
    return score(value - y0)


def _draw(figure: Figure, labels: Labels, series: Sequence[EvolutionSeries],
          campaigns: list[str]) -> None:
    rows = math.ceil(len(series) / PER_ROW)
    per_row = min(PER_ROW, len(series))
    width = len(campaigns) - 1 + 2 * PAD  # one panel, in campaign steps
    span = width + GAP
    plot_width = WIDTH_CM - LEFT_CM - RIGHT_CM
    title_cm = plot_width * width / (per_row * span - GAP)
    pitch = ROW_CM / PLOT_CM * 100  # from one row of panels to the next, in score units
    bottom = ROW_CM - PLOT_CM - 0.65  # of the last row, in cm
    # one plot area for every panel: each extra axes would cost more than its drawing
    ax = area(figure, LEFT_CM, bottom, plot_width, PLOT_CM + (rows - 1) * ROW_CM,
              xlim=(-PAD, (per_row - 1) * span + width - PAD),
              ylim=(0, (rows - 1) * pitch + 100))
    for r in range(rows):
        y0 = (rows - 1 - r) * pitch
        value_scale(ax, labels, [y0, y0 + 50, y0 + 100], partial(_offset_score, y0),
                    axis="y", grid=False)
        for k, one in enumerate(series[r * PER_ROW:(r + 1) * PER_ROW]):
            x0 = k * span
            if k:
                ax.vlines([x0 - PAD - GAP / 2], y0, y0 + 100, colors=LIGHT_GREY,
                          linewidth=0.6)
            _panel(ax, labels, x0, y0, one, campaigns, title_cm)


def _alt_point(campaign: str, series: EvolutionSeries) -> str:
    point = next((p for p in series.points if str(p.campaign) == campaign), None)
    if point is not None and point.masked:
        return f"{campaign} {SECRET}"
    if point is None or point.value is None:
        return f"{campaign} {NON_EVALUABLE}"
    return f"{campaign} {score(point.value)}" + (f" ({n_text(point.n)})" if point.n else "")


def evolution(series: Sequence[EvolutionSeries], *, statistic: str = "médiane",
              title: str | None = None) -> Chart:
    """The ``statistic`` (median by default) of each dimension over campaigns, with the
    number of structures behind each point."""
    if not series:
        raise ValueError("aucune série à tracer")
    campaigns = _campaigns(series)
    alt = sentence([
        f"Évolution de la {statistic} des scores sur 100 par dimension, campagnes "
        f"{campaigns[0]} à {campaigns[-1]}",
        *(f"{s.label} : " + ", ".join(_alt_point(c, s) for c in campaigns) for s in series),
    ])
    height_cm = ROW_CM * math.ceil(len(series) / PER_ROW)
    return render(lambda fig, labels: _draw(fig, labels, series, campaigns),
                  title=title or f"Évolution de la {statistic} par dimension", alt=alt,
                  width_cm=WIDTH_CM, height_cm=height_cm)
