"""Marks and words the charts share: plot areas placed in centimetres, value scales,
legends, filled rectangles, and the French words for what has no score.

Charts switch matplotlib's axes off and draw their own scales and legends: ticks and
legends built from matplotlib ``Text`` objects would cost more than a whole chart's time
budget (see :mod:`evalsoc.charts.text`), and hand-placed labels can be measured, so
they fit the room they get. Kept with the text layer, on the same benchmark line:
``benchmarks/bench_text_layer.py``, « part du temps de la fiche gagnée par la couche ».
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final, Literal

from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.transforms import Affine2D, Transform

from evalsoc.charts.style import GREY, INK, LIGHT_GREY, SMALL, tint
from evalsoc.charts.text import CM, POINTS_PER_CM, Labels, fit, measure
from evalsoc.referentiel.model import Level
from evalsoc.support.formatting import NNBSP, fr_number, whole_score

__all__ = [
    "HATCH", "MASK_FACE", "NA_SHORT", "NON_EVALUABLE", "SECRET", "Key", "area",
    "legend", "legend_height", "level_keys", "level_range", "masked_key", "n_text", "na_key",
    "rects", "score",
    "sentence", "shift", "value_scale",
]

NA_SHORT: Final = "n.é."
NON_EVALUABLE: Final = "non évaluable"
SECRET: Final = "secret"
HATCH: Final = "////"
MASK_FACE: Final = "#e6e6e6"

SWATCH_CM: Final = 0.5
GAP_CM: Final = 0.12
COLUMN_GAP_CM: Final = 0.4
ROW_CM: Final = 0.36


def score(value: float, thresholds: Sequence[float] = ()) -> str:
    """A score as charts print it: a whole number (halves up), never one that reaches a
    level threshold (of ``thresholds``) the score does not reach."""
    return fr_number(whole_score(value, thresholds), 0)


def n_text(n: int) -> str:
    return f"n{NNBSP}={NNBSP}{fr_number(n, 0)}"


def sentence(parts: Iterable[object], separator: str = " ; ") -> str:
    """Parts joined, ending with a full stop; parts that are not text (``None``,
    ``False``, 0 from an ``x and "..."``) or are empty are dropped."""
    text = separator.join(p for p in parts if isinstance(p, str) and p)
    return text if text.endswith(".") else f"{text}."


def level_range(level: Level, levels: Sequence[Level]) -> str:
    """ "25–50" for a level from 25 up to the next one's minimum."""
    upper = min((lv.min for lv in levels if lv.min > level.min), default=100.0)
    return f"{fr_number(level.min, 0)}–{fr_number(upper, 0)}"


def shift(transform: Transform, dx_cm: float = 0.0, dy_cm: float = 0.0) -> Transform:
    """The transform, then moved by a distance on the page."""
    return transform + Affine2D().translate(dx_cm * POINTS_PER_CM, dy_cm * POINTS_PER_CM)


def area(figure: Figure, left: float, bottom: float, width: float, height: float, *,
         xlim: tuple[float, float], ylim: tuple[float, float]) -> Axes:
    """A plot area without matplotlib's decorations, placed in cm from the bottom left."""
    fig_w, fig_h = (v * 2.54 for v in figure.get_size_inches())
    ax = figure.add_axes((left / fig_w, bottom / fig_h, width / fig_w, height / fig_h))
    ax.set_axis_off()
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    return ax


def value_scale(ax: Axes, labels: Labels, ticks: Sequence[float],
                fmt: Callable[[float], str], *, axis: Literal["x", "y"] = "x",
                grid: bool = True, line: bool = True) -> None:
    """A scale on the bottom (``x``) or left (``y``) edge: a line, labels and grid."""
    if axis == "x":
        edge = ax.get_xaxis_transform()
        if line:
            ax.plot([ticks[0], ticks[-1]], [0, 0], transform=edge, color=GREY,
                    linewidth=0.6, clip_on=False, zorder=1)
        if grid:
            ax.vlines(ticks, 0, 1, transform=edge, colors=LIGHT_GREY, linewidth=0.5,
                      linestyles=(0, (2, 2)), zorder=0)
        for t in ticks:
            labels.add(t, 0, fmt(t), shift(edge, dy_cm=-0.12), ha="center", va="top")
    else:
        edge = ax.get_yaxis_transform()
        if line:
            ax.plot([0, 0], [ticks[0], ticks[-1]], transform=edge, color=GREY,
                    linewidth=0.6, clip_on=False, zorder=1)
        if grid:
            ax.hlines(ticks, 0, 1, transform=edge, colors=LIGHT_GREY, linewidth=0.5,
                      linestyles=(0, (2, 2)), zorder=0)
        for t in ticks:
            labels.add(0, t, fmt(t), shift(edge, dx_cm=-0.12), ha="right", va="center")


def rects(ax: Axes, boxes: Sequence[tuple[float, float, float, float]], *,
          zorder: float = 2, **style: Any) -> None:
    """Rectangles (x, y, width, height in data units) as one collection: one artist
    however many bars, and no autoscaling."""
    if not boxes:
        return
    verts = [((x, y), (x + w, y), (x + w, y + h), (x, y + h)) for x, y, w, h in boxes]
    ax.add_collection(PolyCollection(verts, zorder=zorder, **style), autolim=False)


@dataclass(frozen=True, slots=True)
class Key:
    """A legend entry: a rectangle swatch (``patch``) or a stroke with its marker."""

    label: str
    kind: Literal["patch", "line"] = "patch"
    style: dict[str, Any] = field(default_factory=dict, hash=False)

    def width(self) -> float:
        return SWATCH_CM + GAP_CM + measure(self.label, SMALL) / POINTS_PER_CM

    def draw(self, figure: Figure, labels: Labels, x: float, y: float) -> None:
        style = dict(self.style)
        if self.kind == "patch":
            figure.add_artist(Rectangle((x, y - 0.11), SWATCH_CM, 0.22, transform=CM,
                                        **style))
        else:
            marker = style.pop("marker", None)
            marker_style = {k: style.pop(k) for k in list(style) if k.startswith("marker")}
            figure.add_artist(Line2D([x, x + SWATCH_CM], [y, y], transform=CM,
                                     **style))
            if marker:
                color = style.get("color", INK)
                figure.add_artist(Line2D([x + SWATCH_CM / 2], [y], transform=CM,
                                         marker=marker, linestyle="none", color=color,
                                         **marker_style))
        labels.add(x + SWATCH_CM + GAP_CM, y, self.label, CM, size=SMALL, va="center")


def _rows(keys: Sequence[Key | None], width_cm: float) -> list[list[Key]]:
    rows: list[list[Key]] = [[]]
    used = 0.0
    for entry in keys:
        if entry is None:  # a new row
            if rows[-1]:
                rows.append([])
                used = 0.0
            continue
        key = entry
        if key.width() > width_cm:  # a long name is cut rather than overflowing
            key = replace(key, label=fit(key.label, width_cm - SWATCH_CM - GAP_CM, SMALL))
        need = key.width() + (COLUMN_GAP_CM if rows[-1] else 0.0)
        if rows[-1] and used + need > width_cm:
            rows.append([])
            used, need = 0.0, key.width()
        rows[-1].append(key)
        used += need
    return [row for row in rows if row]


def legend_height(keys: Sequence[Key | None], width_cm: float) -> float:
    return len(_rows(keys, width_cm)) * ROW_CM


def legend(figure: Figure, labels: Labels, keys: Sequence[Key | None], *, top: float,
           width_cm: float, left: float = 0.0) -> None:
    """Entries flowing in centred rows below ``top`` (cm from the figure's bottom); a
    ``None`` among the keys starts a new row."""
    for r, row in enumerate(_rows(keys, width_cm)):
        total = sum(k.width() for k in row) + COLUMN_GAP_CM * (len(row) - 1)
        x = left + (width_cm - total) / 2
        y = top - (r + 0.5) * ROW_CM
        for key in row:
            key.draw(figure, labels, x, y)
            x += key.width() + COLUMN_GAP_CM


def level_keys(levels: Sequence[Level], share: float = 1.0) -> list[Key]:
    return [Key(f"{lv.code} {lv.label} ({level_range(lv, levels)})",
                style={"facecolor": tint(lv.color, share), "edgecolor": "none"})
            for lv in sorted(levels, key=lambda lv: lv.min)]


def na_key(label: str = f"{NA_SHORT} : {NON_EVALUABLE}") -> Key:
    return Key(label, style={"facecolor": "white", "edgecolor": GREY, "hatch": HATCH,
                             "linewidth": 0.5})


def masked_key() -> Key:
    return Key(f"{SECRET} : secret statistique",
               style={"facecolor": MASK_FACE, "edgecolor": GREY, "hatch": HATCH,
                      "linewidth": 0.5})
