"""The look shared by every chart: palette, markers, sizes, and the rcParams they need.

Colours are Okabe-Ito (distinguishable with the common colour-vision deficiencies) and
every series also differs by marker and line style, so that a chart printed in grey or
read by someone who does not see its colours still says the same thing. Level colours
are not chosen here: they come from the référentiel's :class:`~evalsoc.referentiel.model.Level`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from evalsoc.referentiel.model import Level

__all__ = [
    "BLACK", "BLUE", "CM_INCH", "FONT_SIZE", "GREEN", "GREY", "INK", "LIGHT_GREY", "MARKERS",
    "ORANGE", "PURPLE", "RC", "SERIES", "SKY", "SMALL", "VERMILLION", "YELLOW",
    "ink_on", "level_of", "tint",
]

# Okabe & Ito (2008), "Color Universal Design".
BLACK: Final = "#000000"
ORANGE: Final = "#E69F00"
SKY: Final = "#56B4E9"
GREEN: Final = "#009E73"
YELLOW: Final = "#F0E442"
BLUE: Final = "#0072B2"
VERMILLION: Final = "#D55E00"
PURPLE: Final = "#CC79A7"
SERIES: Final = (BLUE, VERMILLION, GREEN, PURPLE, ORANGE, SKY, BLACK, YELLOW)
MARKERS: Final = ("o", "s", "^", "D", "v", "P", "X", "h")

INK: Final = "#1a1a1a"         # text and axes
GREY: Final = "#6b6b6b"        # secondary text: n, reasons; 5.3:1 on white
LIGHT_GREY: Final = "#d0d0d0"  # grid, masked cells
CM_INCH: Final = 1 / 2.54      # inches per centimetre
FONT_SIZE: Final = 7.5         # points: an A4 report's body text is 10 pt, a chart's 7-8
SMALL: Final = 6.5

# Applied (with a lock) around each chart only, so the process-wide defaults stay as the
# caller left them. Axes are drawn by evalsoc (see evalsoc.charts.marks), so only what
# shapes and the SVG writer read is set here.
RC: Final[dict[str, object]] = {
    "svg.fonttype": "path",              # no matplotlib text is drawn; if one were: outlines
    "svg.hashsalt": "evalsoc-charts",    # clip-path and hatch ids stable from run to run
    "svg.image_inline": True,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],  # ships with matplotlib: same glyphs everywhere
    "font.size": FONT_SIZE,
    "text.parse_math": False,            # a "$" in a structure's name is text, not TeX
    "text.usetex": False,
    "text.color": INK,
    "hatch.linewidth": 0.6,
    "lines.linewidth": 1.2,
    "lines.markersize": 4.5,
    "lines.solid_capstyle": "butt",
    "path.simplify": True,
}


def level_of(score: float, levels: Sequence[Level]) -> Level:
    """The highest level whose minimum the score reaches (as Referentiel.level_for)."""
    ordered = sorted(levels, key=lambda lv: lv.min)
    reached = [lv for lv in ordered if lv.min <= score]
    return reached[-1] if reached else ordered[0]


def _luminance(color: str) -> float:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def ink_on(background: str) -> str:
    """Black or white text, whichever contrasts more with the background (WCAG ratio)."""
    lum = _luminance(background)
    return INK if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#ffffff"


def tint(color: str, share: float) -> str:
    """The colour mixed with white: share 1 is the colour itself, 0 is white."""
    rgb = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - c) * share):02x}" for c in rgb)
