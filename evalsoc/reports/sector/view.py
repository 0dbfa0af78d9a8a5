"""The synthèse as both renderers read it: plain JSON of French strings.

The model already holds every text (numbers are formatted once, in
:mod:`evalsoc.reports.sector.tables`); the view only adds layout hints both templates
share: which columns are numeric, which cells are masked, the motif column, the
participants grouped by département. The HTML template receives it escaped by Jinja,
the Typst template as JSON data: never markup in either.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from evalsoc import __version__
from evalsoc.reports.sector.model import ChartBlock, SectorReport, Table
from evalsoc.reports.sector.tables import SECRET

__all__ = ["sector_view", "table_view"]

View = dict[str, Any]
MOTIF = "Secret statistique"
WRAP = 22  # characters of a long label before it wraps, for the PDF column widths


def _widths(header: list[str], rows: list[list[str]]) -> list[int]:
    """Relative column widths for the PDF: the longest text of each column (a long
    label counts for at most ``WRAP`` characters: it wraps), and never less than the
    header's longest word."""
    widths = []
    for index, column in enumerate(header):
        longest = max([0, *(len(r[index]) for r in rows)])
        word = max(len(w) for w in column.split()) if column.strip() else 1
        widths.append(max(min(longest, WRAP) + 1, word + 2, 4))  # bold header, inset
    return widths


def table_view(table: Table) -> View:
    header = [c.label for c in table.columns]
    motifs = table.protected and any(r.motif for r in table.rows)
    rows = [[*r.texts, r.motif] if motifs else list(r.texts) for r in table.rows]
    if motifs:
        header.append(MOTIF)
    numeric = [i for i, c in enumerate(table.columns) if c.kind != "text"]
    stress = not all(r.total for r in table.rows)  # no « Ensemble » to set apart otherwise
    view: View = {
        "id": table.id, "caption": table.caption, "note": table.note,
        "layout": table.layout, "header": header, "numeric": numeric,
        "widths": _widths(header, rows),
        "rows": [{"cells": cells, "masked": r.masked, "total": r.total and stress,
                  "repeat": k > 0 and cells[0] == rows[k - 1][0],
                  "secret": [i for i, t in enumerate(r.texts) if t == SECRET and r.masked]}
                 for k, (cells, r) in enumerate(zip(rows, table.rows, strict=True))],
    }
    if table.layout == "list":
        view["groups"] = [{"label": label, "items": [r.texts[1] for r in members]}
                          for label, members in groupby(table.rows, key=lambda r: r.texts[0])]
    return view


def _chart(block: ChartBlock) -> View:
    return {"id": block.id, "svg": block.svg, "alt": block.alt, "title": block.title,
            "width_cm": block.width_cm, "height_cm": block.height_cm}


def _block(block: Any) -> View:
    kind = block.kind
    if kind == "table":
        return {"kind": kind, "table": table_view(block.table)}
    if kind == "chart":
        return {"kind": kind, "chart": _chart(block)}
    if kind == "figures":
        return {"kind": kind, "items": [i.model_dump() for i in block.items]}
    if kind == "bullets":
        return {"kind": kind, "items": list(block.items)}
    if kind == "messages":
        return {"kind": kind, "items": [{"text": m.text, "target": m.target,
                                         "target_label": m.target_label}
                                        for m in block.items]}
    if kind == "definitions":
        return {"kind": kind, "title": block.title,
                "items": [{"term": t, "text": d} for t, d in block.items]}
    if kind == "panel":
        return {"kind": kind, "title": block.title, "lead": block.lead,
                "lists": [{"label": x.label, "items": list(x.items), "empty": x.empty}
                          for x in block.lists]}
    if kind == "quotes":
        return {"kind": kind, "items": [q.model_dump() for q in block.items]}
    return {"kind": kind, "text": block.text, "tone": block.tone}


def sector_view(report: SectorReport) -> View:
    footer = (f"{report.footer} — {report.subtitle} — evalsoc {__version__}"
              + (f" — {report.edited}" if report.edited else ""))
    return {
        "title": report.title, "subtitle": report.subtitle, "edited": report.edited,
        "headline": report.headline, "mode": report.mode,
        "referentiel": report.referentiel, "footer": footer, "warnings": list(report.warnings),
        "contents": [{"id": s.id, "title": s.title} for s in report.sections
                     if s.level == 1],
        "sections": [{"id": s.id, "title": s.title, "level": s.level,
                      "blocks": [_block(b) for b in s.blocks]} for s in report.sections],
    }
