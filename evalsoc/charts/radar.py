"""The profile of a structure over the dimensions: the « toile d'araignée » of the method.

Drawn on ordinary axes rather than polar ones: the web is polygons, a dimension that is
*non évaluable* breaks the line instead of pulling it to the centre (0 would be a score,
"n.é." is not), and cartesian axes are several times faster to build.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from evalsoc.charts.data import Axis, Profile
from evalsoc.charts.marks import (
    NA_SHORT,
    NON_EVALUABLE,
    Key,
    area,
    legend,
    legend_height,
    level_keys,
    score,
    sentence,
)
from evalsoc.charts.render import Chart, render
from evalsoc.charts.style import (
    BLUE,
    FONT_SIZE,
    GREY,
    INK,
    LIGHT_GREY,
    PURPLE,
    SMALL,
    level_of,
    tint,
)
from evalsoc.charts.text import HAlign, Labels, VAlign, wrap
from evalsoc.referentiel.model import DEFAULT_LEVELS, Level

__all__ = ["radar", "vertices"]

SIZE_CM = 9.0
RADIUS_CM = 2.1
LABEL_RADIUS = 1.08  # in radii
BAND_TINT = 0.25
LABEL_CM = 2.5  # width of a dimension's name around the web
Style = dict[str, Any]
MEDIAN_STYLE: Style = {"color": INK, "linestyle": (0, (4, 2)), "marker": "s",
                       "markersize": 3.2, "markerfacecolor": "white", "linewidth": 1.0}
PREVIOUS_STYLE: Style = {"color": PURPLE, "linestyle": (0, (1, 1.5)), "marker": "^",
                         "markersize": 3.6, "linewidth": 1.3}
STRUCTURE_STYLE: Style = {"color": BLUE, "linestyle": "-", "marker": "o", "markersize": 5,
                          "markeredgecolor": INK, "markeredgewidth": 0.6, "linewidth": 1.6}
ABSENT_STYLE: Style = {"color": LIGHT_GREY, "linestyle": (0, (2, 2)), "linewidth": 0.8}


def _angles(count: int) -> np.ndarray:
    """First dimension at the top, then clockwise."""
    return math.pi / 2 - 2 * math.pi * np.arange(count) / count


def vertices(axes: Sequence[Axis], profile: Profile) -> tuple[np.ndarray, np.ndarray]:
    """The closed line of a profile (radius 1 is 100), NaN where a dimension is non
    évaluable, so that matplotlib leaves a gap there instead of a point at the centre."""
    angles = _angles(len(axes))
    radii = np.array([np.nan if (s := profile.score(a.code)) is None else s / 100
                      for a in axes])
    xs, ys = radii * np.cos(angles), radii * np.sin(angles)
    return np.append(xs, xs[:1]), np.append(ys, ys[:1])


def _web(ax: Axes, labels: Labels, count: int, levels: Sequence[Level],
         absent: set[int]) -> None:
    angles = _angles(count)
    cos, sin = np.append(np.cos(angles), np.cos(angles[0])), np.append(np.sin(angles),
                                                                      np.sin(angles[0]))
    bounds = sorted(levels, key=lambda lv: lv.min)
    uppers = [*(lv.min for lv in bounds[1:]), 100.0]
    for level, upper in reversed(list(zip(bounds, uppers, strict=True))):
        ax.fill(cos * upper / 100, sin * upper / 100, color=tint(level.color, BAND_TINT),
                linewidth=0, zorder=0)
    between = math.pi / 2 - math.pi / count  # ring values between two spokes
    for r in (*(lv.min / 100 for lv in bounds[1:]), 1.0):
        ax.plot(cos * r, sin * r, color=GREY if r == 1 else "white", linewidth=0.6, zorder=1)
        ring = r * math.cos(math.pi / count)  # on the side of the polygon
        labels.add(ring * math.cos(between), ring * math.sin(between), score(r * 100),
                   ax.transData, size=SMALL - 1, color=GREY, ha="center")
    for i in range(count):
        style = ABSENT_STYLE if i in absent else {"color": GREY, "linewidth": 0.5}
        ax.plot([0, cos[i]], [0, sin[i]], zorder=1, **style)


def _axis_label(ax: Axes, labels: Labels, angle: float, text: str, absent: bool,
                size: float) -> None:
    c, s = math.cos(angle), math.sin(angle)
    ha: HAlign = "center" if abs(c) < 0.2 else ("left" if c > 0 else "right")
    va: VAlign = "bottom" if s > 0.7 else ("top" if s < -0.7 else "center")
    labels.add(c * LABEL_RADIUS, s * LABEL_RADIUS, text, ax.transData, ha=ha, va=va,
               color=GREY if absent else INK, italic=absent, linespacing=0.95, size=size)


def _draw(figure: Figure, labels: Labels, axes: Sequence[Axis],
          series: Sequence[tuple[Profile, Style]], structure: Profile,
          levels: Sequence[Level], keys: list[Key | None], legend_cm: float) -> None:
    plot_cm = SIZE_CM - legend_cm - 0.2
    half = SIZE_CM / 2 / RADIUS_CM  # data units from the centre to the side
    sin = np.sin(_angles(len(axes)))
    middle = (sin.max() + sin.min()) / 2  # an odd web is lower at the bottom than the top
    ax = area(figure, 0, legend_cm + 0.2, SIZE_CM, plot_cm, xlim=(-half, half),
              ylim=(middle - plot_cm / 2 / RADIUS_CM, middle + plot_cm / 2 / RADIUS_CM))
    absent = {i for i, a in enumerate(axes) if structure.score(a.code) is None}
    _web(ax, labels, len(axes), levels, absent)
    for profile, style in series:
        xs, ys = vertices(axes, profile)
        if profile is structure and not absent:
            ax.fill(xs, ys, color=BLUE, alpha=0.12, linewidth=0, zorder=3)
        ax.plot(xs, ys, zorder=4 if profile is structure else 3, **style)
    xs, ys = vertices(axes, structure)
    for i, axis in enumerate(axes):
        if (value := structure.score(axis.code)) is not None:
            ax.plot(xs[i], ys[i], linestyle="none", marker="o", markersize=5.2,
                    markerfacecolor=level_of(value, levels).color, markeredgecolor=INK,
                    markeredgewidth=0.6, zorder=5)
    # many dimensions leave less room between neighbouring names
    crowded = len(axes) > 8
    room = min(LABEL_CM, max(1.6, 2 * math.pi * RADIUS_CM * LABEL_RADIUS / len(axes) * 1.4))
    size = SMALL if crowded else FONT_SIZE
    for i, (axis, angle) in enumerate(zip(axes, _angles(len(axes)), strict=True)):
        value = structure.score(axis.code)
        detail = (NA_SHORT if value is None
                  else f"{score(value)} · niveau {level_of(value, levels).code}")
        name = wrap(axis.label, room, size)
        _axis_label(ax, labels, angle, f"{name}\n{detail}", i in absent, size)
    legend(figure, labels, keys, top=legend_cm, width_cm=SIZE_CM)


def _values(axes: Sequence[Axis], profile: Profile, levels: Sequence[Level] | None) -> str:
    parts = []
    for axis in axes:
        value = profile.score(axis.code)
        if value is None:
            parts.append(f"{axis.label} {NON_EVALUABLE}")
        elif levels:
            level = level_of(value, levels)
            parts.append(f"{axis.label} {score(value)} (niveau {level.code}, {level.label})")
        else:
            parts.append(f"{axis.label} {score(value)}")
    return ", ".join(parts)


def radar(dimensions: Sequence[Axis], structure: Profile, sector_median: Profile | None = None,
          previous: Profile | None = None, *, levels: Sequence[Level] = DEFAULT_LEVELS,
          title: str | None = None) -> Chart:
    """The structure's profile on 0-100, with the sector median (dashed) and the
    structure's previous campaign (dotted) when given; the background rings are the
    levels of the référentiel."""
    if len(dimensions) < 3:
        raise ValueError("un profil en toile demande au moins 3 dimensions")
    series: list[tuple[Profile, Style]] = []
    if previous is not None:
        series.append((previous, PREVIOUS_STYLE))
    if sector_median is not None:
        series.append((sector_median, MEDIAN_STYLE))
    series.append((structure, STRUCTURE_STYLE))
    keys: list[Key | None] = [Key(p.name, "line", s) for p, s in reversed(series)]
    if any(structure.score(a.code) is None for a in dimensions):
        keys.append(Key(f"{NA_SHORT} : {NON_EVALUABLE} (pas de point)", "line", ABSENT_STYLE))
    keys += [None, *level_keys(levels, BAND_TINT)]
    legend_cm = legend_height(keys, SIZE_CM - 0.4) + 0.1
    alt = sentence([
        f"Profil de {structure.name} (scores sur 100) : {_values(dimensions, structure, levels)}",
        sector_median and f"{sector_median.name} en tirets : "
                          f"{_values(dimensions, sector_median, None)}",
        previous and f"{previous.name} en pointillés : {_values(dimensions, previous, None)}",
    ])
    return render(lambda fig, labels: _draw(fig, labels, dimensions, series, structure, levels,
                                            keys, legend_cm),
                  title=title or f"Profil de {structure.name} par dimension", alt=alt,
                  width_cm=SIZE_CM, height_cm=SIZE_CM)
