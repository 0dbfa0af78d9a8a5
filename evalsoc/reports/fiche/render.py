"""The fiche on paper and on screen: one view, two renderers (and the editable ODT read
from the HTML), files written whole."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from evalsoc.answers.model import StructureInfo
from evalsoc.reports.base import (
    FORMATS,
    output_paths,
    parse_formats,
    render_html,
    render_pdf,
    write_files,
)
from evalsoc.reports.editable import odt_from_html
from evalsoc.reports.fiche.charts import FicheCharts, fiche_charts
from evalsoc.reports.fiche.model import Fiche
from evalsoc.reports.fiche.view import fiche_view
from evalsoc.structures.registry import slug, structure_stem

__all__ = ["fiche_html", "fiche_pdf", "fiche_stem", "render_fiche", "write_fiche"]

HTML_TEMPLATE = "fiche.html.j2"
TYPST_TEMPLATE = "fiche.typ"


def fiche_html(view: Mapping[str, Any]) -> str:
    return render_html(HTML_TEMPLATE, v=view)


def fiche_pdf(view: Mapping[str, Any]) -> bytes:
    return render_pdf(TYPST_TEMPLATE, view)


def render_fiche(fiche: Fiche, formats: Iterable[str] = FORMATS,
                 charts: FicheCharts | None = None, pages_after: int = 0) -> dict[str, bytes]:
    """The fiche in each format, its charts drawn once for all of them; ``pages_after``:
    pages joined after the PDF's (counted in the total its footers show)."""
    wanted = parse_formats(formats)
    view = fiche_view(fiche, charts or fiche_charts(fiche))
    out: dict[str, bytes] = {}
    html = fiche_html(view) if {"html", "odt"} & set(wanted) else ""
    if "html" in wanted:
        out["html"] = html.encode("utf-8")
    if "pdf" in wanted:
        out["pdf"] = fiche_pdf({**view, "pages_after": pages_after} if pages_after else view)
    if "odt" in wanted:
        out["odt"] = odt_from_html(html)
    return out


def fiche_stem(fiche: Fiche) -> str:
    """``nom-de-la-structure_ID_fiche-CAMPAGNE``: readable, unique per structure and
    campaign."""
    info = StructureInfo(id=fiche.identity.id, name=fiche.identity.name)
    return f"{structure_stem(info, 'structure')}_fiche-{slug(fiche.method.campaign) or 'campagne'}"


def write_fiche(fiche: Fiche, out_dir: Path, formats: Iterable[str] = FORMATS) -> list[Path]:
    """Write the fiche into ``out_dir`` (created if needed) and return the paths, HTML
    first. Names never leave ``out_dir`` (ValueError otherwise)."""
    rendered = render_fiche(fiche, formats)
    paths = output_paths(out_dir, fiche_stem(fiche), rendered)
    return write_files({paths[f]: data for f, data in rendered.items()})
