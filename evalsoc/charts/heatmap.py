"""A sector table as a grid: groups (rows) by dimensions (columns), cell = median score.

Each cell writes its value and takes the colour of the level it reaches. A cell under
statistical secrecy is grey, hatched and labelled « secret »: it must never look like an
empty or zero cell. A cell without data reads « – ». Cells are rectangles, not an image,
so that they stay sharp and the hatching survives in the PDF.
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from evalsoc.charts.data import HeatCell, HeatTable
from evalsoc.charts.marks import (
    HATCH,
    MASK_FACE,
    SECRET,
    Key,
    area,
    legend,
    legend_height,
    level_keys,
    masked_key,
    n_text,
    rects,
    score,
    sentence,
    shift,
)
from evalsoc.charts.render import Chart, render
from evalsoc.charts.style import FONT_SIZE, GREY, SMALL, ink_on, level_of, tint
from evalsoc.charts.text import Labels, fit, wrap
from evalsoc.referentiel.model import DEFAULT_LEVELS, Level

__all__ = ["heatmap"]

WIDTH_CM = 16.0
ROW_CM = 0.5
LEFT_CM = 3.6
RIGHT_CM = 0.1
HEAD_CM = 0.85   # column names on two lines
CELL_TINT = 0.6  # level colours lightened so that the written value stays legible
GUTTER = 0.06    # white space between cells, in cells
NO_DATA = "–"


def _draw(figure: Figure, labels: Labels, table: HeatTable, row_label: str,
          levels: Sequence[Level], keys: list[Key], legend_cm: float, height_cm: float,
          with_n: bool, head_lines: int = 2) -> None:
    rows, cols = len(table.rows), len(table.columns)
    bottom = legend_cm + 0.15
    head_cm = _head_cm(head_lines)
    ax = area(figure, LEFT_CM, bottom, WIDTH_CM - LEFT_CM - RIGHT_CM,
              height_cm - bottom - head_cm, xlim=(0, cols), ylim=(rows, 0))
    column_cm = (WIDTH_CM - LEFT_CM - RIGHT_CM) / cols
    head_size = SMALL if column_cm < 2.6 else FONT_SIZE
    for x, name in enumerate(table.columns):
        labels.add(x + 0.5, 1, wrap(name, column_cm - 0.15, head_size, lines=head_lines),
                   shift(ax.get_xaxis_transform(), dy_cm=0.08), ha="center", va="bottom",
                   size=head_size, linespacing=0.95)
    labels.add(0, 1, fit(row_label, LEFT_CM - 0.2, SMALL, bold=True),
               shift(ax.transAxes, dx_cm=-LEFT_CM + 0.05, dy_cm=0.08), va="bottom",
               size=SMALL, bold=True)
    fills: dict[str, list[tuple[float, float, float, float]]] = {}
    masked = []
    half = GUTTER / 2
    for y, row in enumerate(table.rows):
        labels.add(0, y + 0.5, fit(row.label, LEFT_CM - 0.3),
                   shift(ax.get_yaxis_transform(), dx_cm=-0.15), ha="right")
        for x, cell in enumerate(row.cells):
            box = (x + half, y + half, 1 - GUTTER, 1 - GUTTER)
            if cell.masked:
                masked.append(box)
                labels.add(x + 0.5, y + 0.5, SECRET, ax.transData, size=SMALL, italic=True,
                           ha="center", box=MASK_FACE)
            elif cell.value is None:
                labels.add(x + 0.5, y + 0.5, NO_DATA, ax.transData, ha="center", color=GREY)
            else:
                face = tint(level_of(cell.value, levels).color, CELL_TINT)
                fills.setdefault(face, []).append(box)
                text = score(cell.value, [lv.min for lv in levels if lv.min > 0])
                if with_n and cell.n is not None:
                    text += f" ({n_text(cell.n)})"
                labels.add(x + 0.5, y + 0.5, text, ax.transData, ha="center",
                           color=ink_on(face))
    for face, boxes in fills.items():
        rects(ax, boxes, facecolor=face, edgecolor="none", zorder=1)
    rects(ax, masked, facecolor=MASK_FACE, edgecolor=GREY, hatch=HATCH, linewidth=0,
          zorder=1)
    legend(figure, labels, keys, top=legend_cm, width_cm=WIDTH_CM)


def _head_cm(lines: int) -> float:
    """Room for column names on ``lines`` lines (two by default)."""
    return HEAD_CM + max(0, lines - 2) * 0.36


def _alt_cell(column: str, cell: HeatCell) -> str:
    if cell.masked:
        return f"{column} {SECRET}"
    if cell.value is None:
        return f"{column} sans donnée"
    return f"{column} {score(cell.value)}" + (f" ({n_text(cell.n)})" if cell.n else "")


def heatmap(table: HeatTable, row_label: str, levels: Sequence[Level] = DEFAULT_LEVELS, *,
            statistic: str = "médiane", with_n: bool = False,
            title: str | None = None, head_lines: int = 2) -> Chart:
    """Median (or ``statistic``) score per group and dimension, cells coloured by level,
    masked cells shown as « secret »; ``with_n`` writes each cell's count beside it;
    column names take up to ``head_lines`` lines (labels, never codes)."""
    keys = [*level_keys(levels, CELL_TINT), masked_key(),
            Key(f"{NO_DATA} : sans donnée", style={"facecolor": "white", "edgecolor": GREY,
                                                  "linewidth": 0.5})]
    legend_cm = legend_height(keys, WIDTH_CM) + 0.1
    height_cm = max(3.5, min(26.0, len(table.rows) * ROW_CM + _head_cm(head_lines)
                             + legend_cm + 0.15))
    rows = [f"{row.label} : " + ", ".join(_alt_cell(c, cell) for c, cell in
                                           zip(table.columns, row.cells, strict=True))
            for row in table.rows]
    masked = sum(cell.masked for row in table.rows for cell in row.cells)
    plural = "s" if masked > 1 else ""
    alt = sentence([
        f"{statistic.capitalize()} des scores sur 100 par {row_label.lower()} et par "
        f"dimension",
        *rows,
        masked and f"{masked} cellule{plural} « {SECRET} » : masquée{plural} par le secret "
                   f"statistique",
    ])
    return render(lambda fig, labels: _draw(fig, labels, table, row_label, levels, keys,
                                            legend_cm, height_cm, with_n, head_lines),
                  title=title or f"{statistic.capitalize()} des scores par "
                                 f"{row_label.lower()}",
                  alt=alt, width_cm=WIDTH_CM, height_cm=height_cm)
