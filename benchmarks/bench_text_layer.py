"""Benchmark: the charts' own text layer against plain matplotlib text, per fiche.

    python benchmarks/bench_text_layer.py [--structures 24] [--seed 11]

:mod:`evalsoc.charts.text` draws every label as ``<use>`` of glyph outlines it reads
once from DejaVu Sans, and :mod:`evalsoc.charts.marks` draws scales and legends with
those labels instead of matplotlib's ticks and legends. The plain way here: the same
labels, at the same places, handed to matplotlib as ``Figure.text`` (``svg.fonttype =
"path"``, as the charts are configured), so matplotlib lays them out and draws their
outlines. (Layout decisions still use the layer's measure: the plain way's own measure,
a renderer's text extent, would only cost more, so the figure below is the least the
layer saves.)

For the fiches of a simulated campaign (bench_reports.py's store), each fiche is made both
ways, alternately, and timed in CPU seconds of the process (the shared machine's wall
clock mostly measures its other tenants). Prints the median per fiche and of its charts
each way, and the share of the fiche's time the layer saves. Issue 16 keeps the layer
only if that share is at least 15 %.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import matplotlib as mpl
from bench_reports import WARM_UP, _store
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from evalsoc.charts import render as render_module
from evalsoc.charts.render import _LOCK, Chart
from evalsoc.charts.style import CM_INCH, RC
from evalsoc.charts.svg import finish
from evalsoc.charts.text import Labels
from evalsoc.reports.base import output_paths, write_files
from evalsoc.reports.fiche.charts import fiche_charts
from evalsoc.reports.fiche.render import fiche_html, fiche_pdf, fiche_stem
from evalsoc.reports.fiche.store import campaign_context, fiche_from_store, referentiel_of
from evalsoc.reports.fiche.view import fiche_view
from evalsoc.store.db import connect


def plain_render(draw: Callable[[Figure, Labels], None], *, title: str, alt: str,
                 width_cm: float, height_cm: float) -> Chart:
    """evalsoc.charts.render.render, the labels drawn by matplotlib as Figure.text."""
    labels = Labels()
    with _LOCK, mpl.rc_context(cast(Any, RC)):
        figure = Figure(figsize=(width_cm * CM_INCH, height_cm * CM_INCH), dpi=72)
        draw(figure, labels)
        for label in labels.items:
            box = ({"facecolor": label.box, "edgecolor": "none", "pad": 0.2 * label.size}
                   if label.box else None)
            figure.text(label.x, label.y, label.text, transform=label.transform,
                        fontsize=label.size, color=label.color, ha=label.ha,
                        va=label.va, rotation=label.rotation, bbox=box,
                        linespacing=label.linespacing,
                        fontweight="bold" if label.bold else "normal",
                        fontstyle="italic" if label.italic else "normal")
        buffer = io.StringIO()
        FigureCanvasSVG(figure).print_svg(buffer)  # type: ignore[no-untyped-call]
        del figure
    return Chart(svg=finish(buffer.getvalue(), alt, ""), alt=alt, title=title,
                 width_cm=width_cm, height_cm=height_cm, texts=labels.texts())


def _chart_modules() -> list[Any]:
    return [m for name, m in sys.modules.items() if name.startswith("evalsoc.charts.")
            and getattr(m, "render", None) is render_module.render]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--structures", type=int, default=24)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    layer = render_module.render
    modules = _chart_modules()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        db = _store(root, max(args.structures, 20 + WARM_UP), args.seed)
        context = campaign_context(db, "2025")
        ref = referentiel_of("2025", context.referentiel, context.referentiel_hash)
        conn = connect(db)

        def one(sid: str, way: Callable[..., Chart]) -> tuple[float, float]:
            for module in modules:
                module.render = way
            try:
                start = time.process_time()
                fiche = fiche_from_store(context, conn, ref, sid)
                drawn = time.process_time()
                charts = fiche_charts(fiche)
                charts_took = time.process_time() - drawn
                view = fiche_view(fiche, charts)
                html, pdf = fiche_html(view).encode("utf-8"), fiche_pdf(view)
                paths = output_paths(root / way.__name__, fiche_stem(fiche), ("html", "pdf"))
                write_files({paths["html"]: html, paths["pdf"]: pdf})
                return time.process_time() - start, charts_took
            finally:
                for module in modules:
                    module.render = layer

        ids = list(context.submissions)
        for sid in ids[:WARM_UP]:
            one(sid, layer)
            one(sid, plain_render)
        times: dict[str, list[tuple[float, float]]] = {"layer": [], "plain": []}
        for k, sid in enumerate(ids[WARM_UP:]):
            order = [("layer", layer), ("plain", plain_render)]
            for name, way in order if k % 2 == 0 else order[::-1]:
                times[name].append(one(sid, way))
        conn.close()
    fiche = {name: statistics.median(t for t, _ in rows) * 1000 for name, rows in times.items()}
    charts = {name: statistics.median(c for _, c in rows) * 1000
              for name, rows in times.items()}
    print(f"{len(times['layer'])} fiches (HTML + PDF), temps CPU médian par fiche")
    print(f"couche texte d'evalsoc      : fiche {fiche['layer']:6.1f} ms, "
          f"graphiques {charts['layer']:6.1f} ms")
    print(f"texte de matplotlib (plain) : fiche {fiche['plain']:6.1f} ms, "
          f"graphiques {charts['plain']:6.1f} ms")
    saved = (fiche["plain"] - fiche["layer"]) / fiche["plain"] * 100
    print(f"part du temps de la fiche gagnée par la couche : {saved:5.1f} %  "
          "(seuil pour la garder : 15 %)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
