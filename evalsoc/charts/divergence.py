"""How each group of respondents sees each dimension: a dot per group, the gap between
groups as a grey band. The method reads that gap (self-view against partners' and
publics' views) as a finding of its own."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from evalsoc.charts.data import GroupMean
from evalsoc.charts.marks import (
    NA_SHORT,
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
from evalsoc.charts.style import GREY, INK, MARKERS, SERIES, SMALL, tint
from evalsoc.charts.text import Labels, fit, wrap
from evalsoc.support.formatting import fr_number

__all__ = ["divergence"]

WIDTH_CM = 16.0
ROW_CM = 0.8
LEFT_CM = 4.1
RIGHT_CM = 2.6  # the gap between groups, written at the end of each row
SCALE_CM = 0.65
TOP_CM = 0.2
GAP_FACE = tint(GREY, 0.2)
Cells = dict[tuple[str, str], GroupMean]


def _n_range(means: Sequence[GroupMean]) -> str:
    counts = sorted({m.n for m in means if m.n is not None})
    if not counts:
        return ""
    if len(counts) == 1:
        return f" ({n_text(counts[0])})"
    return f" (n de {fr_number(counts[0], 0)} à {fr_number(counts[-1], 0)})"


def _gap(means: Sequence[GroupMean]) -> float | None:
    present = [m.mean for m in means if m.mean is not None]
    return max(present) - min(present) if len(present) >= 2 else None


def _marker(j: int) -> dict[str, Any]:
    return {"marker": MARKERS[j % len(MARKERS)], "color": SERIES[j % len(SERIES)],
            "markeredgecolor": INK, "markeredgewidth": 0.4, "markersize": 5}


def _keys(groups: list[str], cells: Cells) -> list[Key]:
    keys = [Key(f"{g}{_n_range([m for k, m in cells.items() if k[1] == g])}", "line",
                {"linestyle": "none", **_marker(j)}) for j, g in enumerate(groups)]
    keys.append(Key("écart entre groupes", style={"facecolor": GAP_FACE, "edgecolor": "none"}))
    if any(m.low is not None for m in cells.values()):
        keys.append(Key("dispersion dans le groupe", "line", {"color": INK, "linewidth": 0.8}))
    return keys


def _draw(figure: Figure, labels: Labels, dimensions: list[str], groups: list[str],
          cells: Cells, keys: list[Key], legend_cm: float, height_cm: float) -> None:
    rows = len(dimensions)
    ax = area(figure, LEFT_CM, legend_cm + SCALE_CM, WIDTH_CM - LEFT_CM - RIGHT_CM,
              height_cm - legend_cm - SCALE_CM - TOP_CM, xlim=(0, 100),
              ylim=(-rows + 0.5, 0.5))
    value_scale(ax, labels, [0, 25, 50, 75, 100], score)
    step = 0.6 / max(len(groups), 1)
    bands = []
    for i, dimension in enumerate(dimensions):
        row = [cells[(dimension, g)] for g in groups if (dimension, g) in cells]
        present = [m.mean for m in row if m.mean is not None]
        if len(present) >= 2:
            bands.append((min(present), -i - 0.36, max(present) - min(present), 0.72))
        labels.add(0, -i, wrap(dimension, LEFT_CM - 0.3),
                   shift(ax.get_yaxis_transform(), dx_cm=-0.15), ha="right")
        gap = _gap(row)
        missing = [m.group for m in row if m.mean is None]
        note = [f"écart {score(gap)}"] if gap is not None else []
        if missing:
            note.append(fit(f"{NA_SHORT} : {', '.join(missing)}", RIGHT_CM - 0.15, SMALL))
        labels.add(1, -i, "\n".join(note), shift(ax.get_yaxis_transform(), dx_cm=0.15),
                   size=SMALL)
    rects(ax, bands, facecolor=GAP_FACE, edgecolor="none", zorder=1)
    for j, group in enumerate(groups):
        means = [(i, m) for i, d in enumerate(dimensions)
                 if (m := cells.get((d, group))) is not None and m.mean is not None]
        ys = [-i + 0.3 - step / 2 - j * step for i, _ in means]
        spread = [(m.low, m.high, y) for (_, m), y in zip(means, ys, strict=True)
                  if m.low is not None and m.high is not None]
        if spread:
            ax.hlines([y for *_, y in spread], [lo for lo, _, _ in spread],
                      [hi for _, hi, _ in spread], colors=SERIES[j % len(SERIES)],
                      linewidth=0.8, zorder=2)
        xs = [m.mean if m.mean is not None else np.nan for _, m in means]
        ax.plot(xs, ys, linestyle="none", zorder=3, **_marker(j))
    legend(figure, labels, keys, top=legend_cm, width_cm=WIDTH_CM)


def divergence(groups: Sequence[GroupMean], *, title: str | None = None) -> Chart:
    """Mean score per dimension of each group of respondents (structure, bénévoles,
    salariés, publics, partenaires...), in the order given."""
    dimensions = list(dict.fromkeys(m.dimension for m in groups))
    names = list(dict.fromkeys(m.group for m in groups))
    cells = {(m.dimension, m.group): m for m in groups}
    keys = _keys(names, cells)
    legend_cm = legend_height(keys, WIDTH_CM) + 0.1
    height_cm = max(4.0, min(24.0, len(dimensions) * ROW_CM + SCALE_CM + legend_cm + TOP_CM))
    parts = []
    gaps = []
    for dimension in dimensions:
        row = [cells[(dimension, g)] for g in names if (dimension, g) in cells]
        listed = ", ".join(f"{m.group} {score(m.mean)}" if m.mean is not None
                           else f"{m.group} non évaluable" for m in row)
        gap = _gap(row)
        if gap is not None:
            gaps.append((gap, dimension))
        parts.append(f"{dimension} : {listed}"
                     + (f" (écart {score(gap)})" if gap is not None else ""))
    widest = max(gaps, default=None)
    alt = sentence([
        "Score moyen sur 100 par groupe de répondants et par dimension",
        *parts,
        widest and f"plus grand écart : {widest[1]} ({score(widest[0])} points)",
    ])
    return render(lambda fig, labels: _draw(fig, labels, dimensions, names, cells, keys,
                                            legend_cm, height_cm),
                  title=title or "Regards croisés des groupes de répondants", alt=alt,
                  width_cm=WIDTH_CM, height_cm=height_cm)
