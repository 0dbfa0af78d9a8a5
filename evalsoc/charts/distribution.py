"""Where the structures of a sector stand, per dimension: box plots drawn by hand.

The chart draws only what a protected sector table publishes (:class:`Spread`): the box
runs from the first to the third quartile, the median is written beside it, and nothing
else is drawn: no whiskers, no extremes, no single structure. Where the quartiles are not
published (too few structures) only the median is shown; where the cell is secret, the
column says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from matplotlib.figure import Figure

from evalsoc.charts.data import Profile, Spread
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

__all__ = ["distribution"]

WIDTH_CM = 16.0
HEIGHT_CM = 7.0
LEFT_CM = 0.9
RIGHT_CM = 0.3
NAMES_CM = 1.3  # dimension names on two lines, then n
TOP_CM = 0.25
BOX_FACE = tint(SKY, 0.45)
HIGHLIGHT: dict[str, Any] = {"marker": "D", "color": VERMILLION, "markeredgecolor": INK,
             "markeredgewidth": 0.5, "markersize": 5}


def _draw(figure: Figure, labels: Labels, spreads: Mapping[str, Spread],
          highlight: Profile | None, keys: list[Key], legend_cm: float) -> None:
    names = list(spreads)
    bottom = legend_cm + NAMES_CM
    ax = area(figure, LEFT_CM, bottom, WIDTH_CM - LEFT_CM - RIGHT_CM,
              HEIGHT_CM - bottom - TOP_CM, xlim=(-0.5, len(names) - 0.5), ylim=(0, 100))
    value_scale(ax, labels, [0, 25, 50, 75, 100], score, axis="y")
    ax.plot([-0.5, len(names) - 0.5], [0, 0], color=GREY, linewidth=0.6)
    boxes, medians, masked = [], [], []
    column_cm = (WIDTH_CM - LEFT_CM - RIGHT_CM) / len(names)
    for x, name in enumerate(names):
        spread = spreads[name]
        shown_n = "" if spread.n is None else f"\n{n_text(spread.n)}"
        labels.add(x, 0, f"{wrap(name, column_cm - 0.2)}{shown_n}",
                   shift(ax.get_xaxis_transform(), dy_cm=-0.12), ha="center", va="top",
                   linespacing=0.95)
        if spread.masked or spread.median is None:
            masked.append((x - 0.25, 0, 0.5, 100))
            labels.add(x, 50, SECRET, ax.transData, size=SMALL, italic=True, ha="center",
                       box="white")
            continue
        if spread.q1 is not None and spread.q3 is not None:
            boxes.append((x - 0.17, spread.q1, 0.34, spread.q3 - spread.q1))
        medians.append((x, spread.median))
        labels.add(x - 0.2, spread.median, score(spread.median), ax.transData, size=SMALL,
                   bold=True, ha="right")
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


def _describe(label: str, spread: Spread) -> str:
    if spread.masked or spread.median is None:
        return f"{label} : {SECRET}"
    parts = [f"médiane {score(spread.median)}"]
    if spread.q1 is not None and spread.q3 is not None:
        parts.append(f"Q1 {score(spread.q1)}, Q3 {score(spread.q3)}")
    shown = "" if spread.n is None else f" ({n_text(spread.n)})"
    return f"{label} : {', '.join(parts)}{shown}"


def distribution(spreads: Mapping[str, Spread], highlight: Profile | None = None, *,
                 title: str | None = None) -> Chart:
    """Median and quartiles of the structures' scores per dimension, as published
    (keys: dimension labels, in order), with the ``highlight`` structure's own scores
    (keyed by the same labels)."""
    if not spreads:
        raise ValueError("aucune dimension à tracer")
    keys = [Key("50 % central (Q1–Q3)", style={"facecolor": BOX_FACE, "edgecolor": INK,
                                              "linewidth": 0.6}),
            Key("médiane", "line", {"color": INK, "linewidth": 1.8})]
    mine = ""
    if highlight is not None:
        keys.append(Key(fit(highlight.name, 5), "line", {"linestyle": "none", **HIGHLIGHT}))
        listed = ", ".join(
            f"{label} {NON_EVALUABLE}" if (v := highlight.score(label)) is None
            else f"{label} {score(v)}" for label in spreads)
        mine = f"{highlight.name} (losange) : {listed}"
    legend_cm = legend_height(keys, WIDTH_CM) + 0.1
    alt = sentence([
        "Médiane et quartiles des scores sur 100 des structures, par dimension",
        *(_describe(label, spread) for label, spread in spreads.items()),
        mine,
    ])
    return render(lambda fig, labels: _draw(fig, labels, spreads, highlight, keys, legend_cm),
                  title=title or "Répartition des scores des structures par dimension",
                  alt=alt, width_cm=WIDTH_CM, height_cm=HEIGHT_CM)
