"""From a drawing function to a :class:`Chart`: one figure, one SVG, nothing left open.

Figures are made with :class:`matplotlib.figure.Figure`, never pyplot: no global figure
registry, no GUI backend to select (``matplotlib.use("Agg")`` is not needed), and no
``plt.close``: once rendered, nothing refers to the figure and it is freed. (Calling
``Figure.clear()`` instead would rebuild every axes' ticks, a tenth of a chart's time.)
The rcParams a chart needs are set only while it is drawn, under a lock, because
matplotlib reads them from one process-wide dictionary; drawing is CPU-bound Python, so
the lock costs threads nothing they would otherwise gain. Processes each have their own.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import matplotlib as mpl
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from evalsoc.charts.style import CM_INCH, RC
from evalsoc.charts.svg import finish
from evalsoc.charts.text import Labels

__all__ = ["Chart", "render"]

_LOCK = threading.RLock()


@dataclass(frozen=True, slots=True)
class Chart:
    """A rendered chart, ready to inline in HTML or to embed in a Typst/PDF report.

    ``svg`` has no XML declaration, no external reference and no script; its root has
    ``role="img"`` and ``aria-label``, and its first child is ``<title>`` holding ``alt``.
    ``title`` is the caption the report prints (the figure itself carries none).
    ``texts`` are the labels drawn, in drawing order: glyphs are outlines in the SVG, so
    this is where tests and indexers read what the chart says.
    """

    svg: str
    alt: str
    title: str
    width_cm: float
    height_cm: float
    texts: tuple[str, ...] = ()


def render(draw: Callable[[Figure, Labels], None], *, title: str, alt: str,
           width_cm: float, height_cm: float) -> Chart:
    """Draw shapes on a fresh figure of the given size and labels on top of them, and
    return the whole as a :class:`Chart`."""
    labels = Labels()
    with _LOCK, mpl.rc_context(cast(Any, RC)):
        figure = Figure(figsize=(width_cm * CM_INCH, height_cm * CM_INCH), dpi=72)
        draw(figure, labels)
        buffer = io.StringIO()
        # print_svg directly: savefig adds layout and bbox passes these figures skip
        FigureCanvasSVG(figure).print_svg(buffer)  # type: ignore[no-untyped-call]
        text = labels.svg(height=figure.bbox.height)  # positions known once drawn
        del figure  # no pyplot manager holds it: dropping it is closing it
    return Chart(svg=finish(buffer.getvalue(), alt, text), alt=alt, title=title,
                 width_cm=width_cm, height_cm=height_cm, texts=labels.texts())
