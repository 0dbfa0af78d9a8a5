"""Horizontal bars on 0-100: critères coloured by level, and completeness in percent.

A bar that cannot be drawn (non évaluable) is an empty hatched frame over the whole
scale with its reason written in it, so that it reads as "no score", never as 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from evalsoc.charts.data import CompletenessItem, CritereScore
from evalsoc.charts.marks import (
    HATCH,
    NA_SHORT,
    NON_EVALUABLE,
    Key,
    area,
    legend,
    legend_height,
    level_keys,
    na_key,
    rects,
    score,
    sentence,
    shift,
    value_scale,
)
from evalsoc.charts.render import Chart, render
from evalsoc.charts.style import BLUE, GREY, INK, SMALL, VERMILLION, ink_on, level_of, tint
from evalsoc.charts.text import POINTS_PER_CM, Labels, fit, measure
from evalsoc.referentiel.model import DEFAULT_LEVELS, Level
from evalsoc.support.formatting import fr_percent

__all__ = ["completeness", "criteria_bars"]

WIDTH_CM = 16.0
ROW_CM = 0.42
LEFT_CM = 5.9    # room for the critères' labels
RIGHT_CM = 1.7   # room for the score written after a long bar
SCALE_CM = 0.65  # the 0-100 scale under the bars
TOP_CM = 0.15
BAR = 0.62       # bar thickness, in rows
LOW_FACE = tint(VERMILLION, 0.35)


@dataclass(frozen=True, slots=True)
class _Row:
    label: str
    value: float | None = None
    header: bool = False
    reason: str = ""


def _rows(criteres: Sequence[CritereScore]) -> list[_Row]:
    """Critères under a bold header per dimension, from the top."""
    rows: list[_Row] = []
    for dimension in dict.fromkeys(c.dimension for c in criteres):
        rows.append(_Row(dimension, header=True))
        rows += [_Row(f"{c.code} {c.label}".strip(), c.score, reason=c.reason)
                 for c in criteres if c.dimension == dimension]
    return rows


def _frame(figure: Figure, rows: int, height_cm: float, bottom_cm: float) -> Axes:
    return area(figure, LEFT_CM, bottom_cm + SCALE_CM, WIDTH_CM - LEFT_CM - RIGHT_CM,
                height_cm - bottom_cm - SCALE_CM - TOP_CM, xlim=(0, 100),
                ylim=(-rows + 0.5, 0.5))


def _na_bar(ax: Axes, labels: Labels, y: float, reason: str) -> None:
    rects(ax, [(0, y - BAR / 2, 100, BAR)], facecolor="white", edgecolor=GREY, hatch=HATCH,
          linewidth=0.5)
    text = f"{NA_SHORT} – {reason or NON_EVALUABLE}"
    labels.add(1.2, y, fit(text, 0.9 * (WIDTH_CM - LEFT_CM - RIGHT_CM), SMALL, italic=True),
               ax.transData, size=SMALL, italic=True, box="white")


def _label_column(ax: Axes, labels: Labels, rows: Sequence[_Row]) -> None:
    edge = ax.get_yaxis_transform()
    for y, row in enumerate(rows):
        if row.header:
            labels.add(0, -y, fit(row.label, LEFT_CM + 1.0, bold=True),
                       shift(edge, dx_cm=-LEFT_CM + 0.1), bold=True)
        else:
            labels.add(0, -y, fit(row.label, LEFT_CM - 0.35), shift(edge, dx_cm=-0.15),
                       ha="right")


def _draw_criteria(figure: Figure, labels: Labels, rows: list[_Row], levels: Sequence[Level],
                   keys: list[Key], legend_cm: float, height_cm: float) -> None:
    ax = _frame(figure, len(rows), height_cm, legend_cm)
    value_scale(ax, labels, [0, *sorted(lv.min for lv in levels if lv.min > 0), 100], score)
    _label_column(ax, labels, rows)
    by_colour: dict[str, list[tuple[float, float, float, float]]] = {}
    for y, row in enumerate(rows):
        if row.header:
            continue
        if row.value is None:
            _na_bar(ax, labels, -y, row.reason)
            continue
        level = level_of(row.value, levels)
        by_colour.setdefault(level.color, []).append((0, -y - BAR / 2, row.value, BAR))
        labels.add(row.value + 1, -y, f"{score(row.value)} · niv. {level.code}", ax.transData,
                   size=SMALL)
    for colour, boxes in by_colour.items():
        rects(ax, boxes, facecolor=colour, edgecolor="none")
    legend(figure, labels, keys, top=legend_cm, width_cm=WIDTH_CM)


def criteria_bars(criteres: Sequence[CritereScore], *,
                  levels: Sequence[Level] = DEFAULT_LEVELS, title: str | None = None) -> Chart:
    """Every critère's score on 0-100 as a bar coloured by its level, grouped by dimension."""
    rows = _rows(criteres)
    keys = [*level_keys(levels), na_key()]
    legend_cm = legend_height(keys, WIDTH_CM) + 0.1
    height_cm = max(4.0, min(26.0, len(rows) * ROW_CM + SCALE_CM + legend_cm + TOP_CM))
    parts = []
    for dimension in dict.fromkeys(c.dimension for c in criteres):
        items = []
        for c in (c for c in criteres if c.dimension == dimension):
            if c.score is None:
                items.append(f"{c.code} {c.label} {NON_EVALUABLE}"
                             + (f" ({c.reason})" if c.reason else ""))
            else:
                items.append(f"{c.code} {c.label} {score(c.score)} "
                             f"(niveau {level_of(c.score, levels).code})")
        parts.append(f"{dimension} : {', '.join(items)}")
    alt = sentence([f"Scores sur 100 de {len(criteres)} critères, par dimension", *parts])
    return render(lambda fig, labels: _draw_criteria(fig, labels, rows, levels, keys,
                                                     legend_cm, height_cm),
                  title=title or "Scores par critère", alt=alt, width_cm=WIDTH_CM,
                  height_cm=height_cm)


def _draw_completeness(figure: Figure, labels: Labels, items: Sequence[CompletenessItem],
                       threshold: float | None, keys: list[Key], legend_cm: float,
                       height_cm: float) -> None:
    ax = _frame(figure, len(items), height_cm, legend_cm)
    value_scale(ax, labels, [0, 25, 50, 75, 100], lambda v: fr_percent(v / 100))
    _label_column(ax, labels, [_Row(i.label) for i in items])
    low = [threshold is not None and i.ratio < threshold for i in items]
    rects(ax, [(0, -y - BAR / 2, 100, BAR) for y in range(len(items))],
          facecolor=tint(BLUE, 0.1), edgecolor="none", zorder=1)
    rects(ax, [(0, -y - BAR / 2, i.ratio * 100, BAR) for y, i in enumerate(items) if not low[y]],
          facecolor=BLUE, edgecolor="none")
    rects(ax, [(0, -y - BAR / 2, i.ratio * 100, BAR) for y, i in enumerate(items) if low[y]],
          facecolor=LOW_FACE, edgecolor=VERMILLION, hatch=HATCH, linewidth=0.5)
    scale_cm = (WIDTH_CM - LEFT_CM - RIGHT_CM) / 100
    for y, item in enumerate(items):
        text = fr_percent(item.ratio) + (f" – {item.detail}" if item.detail else "")
        room_cm = (100 - item.ratio * 100) * scale_cm + RIGHT_CM - 0.1
        if measure(text, SMALL) / POINTS_PER_CM <= room_cm or low[y]:
            labels.add(item.ratio * 100 + 1, -y, text, ax.transData, size=SMALL)
        else:  # too long for the room left after the bar: written inside its end
            labels.add(item.ratio * 100 - 1, -y, text, ax.transData, size=SMALL, ha="right",
                       color=ink_on(BLUE))
    if threshold is not None:
        ax.vlines([threshold * 100], 0, 1, transform=ax.get_xaxis_transform(), colors=INK,
                  linewidth=0.8, linestyles=(0, (3, 2)), zorder=4)
    legend(figure, labels, keys, top=legend_cm, width_cm=WIDTH_CM)


def completeness(items: Sequence[CompletenessItem], *, threshold: float | None = None,
                 title: str | None = None, subject: str = "dimension") -> Chart:
    """Completeness (0-100 %) per dimension or per group of respondents; below the
    threshold (e.g. the référentiel's ``min_coverage``) bars are hatched."""
    keys = [Key("part renseignée", style={"facecolor": BLUE, "edgecolor": "none"})]
    if threshold is not None:
        keys += [Key(f"seuil {fr_percent(threshold)}", "line",
                     {"color": INK, "linewidth": 0.8, "linestyle": (0, (3, 2))}),
                 Key("sous le seuil", style={"facecolor": LOW_FACE, "edgecolor": VERMILLION,
                                             "hatch": HATCH, "linewidth": 0.5})]
    legend_cm = legend_height(keys, WIDTH_CM) + 0.1
    height_cm = max(3.5, min(26.0, len(items) * ROW_CM * 1.3 + SCALE_CM + legend_cm + TOP_CM))
    listed = ", ".join(f"{i.label} {fr_percent(i.ratio)}" for i in items)
    below = [i.label for i in items if threshold is not None and i.ratio < threshold]
    alt = sentence([
        f"Complétude par {subject} : {listed}",
        threshold is not None and f"seuil {fr_percent(threshold)}"
        + (f", sous le seuil : {', '.join(below)}" if below else ", tous au-dessus"),
    ])
    return render(lambda fig, labels: _draw_completeness(fig, labels, items, threshold, keys,
                                                         legend_cm, height_cm),
                  title=title or f"Complétude des réponses par {subject}", alt=alt,
                  width_cm=WIDTH_CM, height_cm=height_cm)

