"""The synthèse on screen, on paper and in a workbook: one model, one view, three files,
each written whole, all inside the output folder."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from evalsoc.reports.base import render_html, render_pdf, write_files
from evalsoc.reports.editable import odt_from_html
from evalsoc.reports.sector.model import SectorReport
from evalsoc.reports.sector.view import sector_view
from evalsoc.reports.sector.xlsx import write_sector_xlsx
from evalsoc.structures.registry import safe_path

__all__ = ["SECTOR_FORMATS", "SectorWritten", "parse_sector_formats", "render_sector",
           "sector_paths", "write_sector_report"]

SECTOR_FORMATS = ("html", "pdf", "odt", "xlsx")


@dataclass(frozen=True)
class SectorWritten:
    """A synthèse written (what ``evalsoc report sector --json`` prints)."""

    campaign: str
    previous: str | None
    structures: int  # in the figures (consent « nominative » or « anonyme »)
    files: dict[str, Path]  # format -> file
    notes: tuple[str, ...]  # how the figures were protected
HTML_TEMPLATE = "sector.html.j2"
TYPST_TEMPLATE = "sector.typ"


def parse_sector_formats(value: str | Iterable[str]) -> tuple[str, ...]:
    """``"html,pdf,xlsx"`` as known formats in a fixed order; ValueError naming the
    unknown ones otherwise."""
    items = value.split(",") if isinstance(value, str) else list(value)
    wanted = {i.strip().lower() for i in items if i.strip()}
    unknown = wanted - set(SECTOR_FORMATS)
    if not wanted or unknown:
        raise ValueError(", ".join(sorted(unknown)) or "aucun format")
    return tuple(f for f in SECTOR_FORMATS if f in wanted)


def render_sector(report: SectorReport, formats: Iterable[str] = ("html", "pdf", "odt")
                  ) -> dict[str, bytes]:
    """The HTML page, the PDF and the editable ODT (read from the HTML), from the same
    view (the workbook is streamed to its file by :func:`write_sector_report`)."""
    wanted = parse_sector_formats(formats)
    view = sector_view(report)
    out: dict[str, bytes] = {}
    html = render_html(HTML_TEMPLATE, v=view) if {"html", "odt"} & set(wanted) else ""
    if "html" in wanted:
        out["html"] = html.encode("utf-8")
    if "pdf" in wanted:
        out["pdf"] = render_pdf(TYPST_TEMPLATE, view)
    if "odt" in wanted:
        out["odt"] = odt_from_html(html)
    return out


def sector_paths(report: SectorReport, out_dir: Path, formats: Iterable[str]
                 ) -> dict[str, Path]:
    """``out_dir/<stem>.<format>``, refused (ValueError) if it would leave ``out_dir``."""
    return {f: safe_path(out_dir, report.stem, f".{f}") for f in parse_sector_formats(formats)}


def write_sector_report(report: SectorReport, out_dir: Path,
                        formats: Iterable[str] = SECTOR_FORMATS) -> dict[str, Path]:
    """Write the synthèse in each format into ``out_dir`` (created if needed)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = sector_paths(report, out_dir, formats)
    rendered = render_sector(report, [f for f in paths if f != "xlsx"]) if set(paths) - {
        "xlsx"} else {}
    write_files({paths[f]: data for f, data in rendered.items()})
    if "xlsx" in paths:
        write_sector_xlsx(report, paths["xlsx"])
    return paths
