"""The fiche financière on paper and on screen, alone or joined to the structure's fiche.

Joined, it is the last section of the fiche's HTML (inserted before the end of its main
content) and the last page of its PDF: both PDFs, made as they are alone, are placed page
by page in one document by Typst (their text stays text). Nothing of the fiche's own
content is touched.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import typst

from evalsoc.answers.model import StructureInfo
from evalsoc.reports.attractiveness.page import conditions_pdf, conditions_section
from evalsoc.reports.base import (
    FORMATS,
    fonts_dir,
    output_paths,
    parse_formats,
    render_html,
    render_pdf,
    templates_dir,
    write_files,
)
from evalsoc.reports.editable import odt_from_html
from evalsoc.reports.fiche.model import Fiche
from evalsoc.reports.fiche.render import fiche_stem, render_fiche
from evalsoc.structures.registry import slug, structure_stem

__all__ = ["finance_html", "finance_pdf", "finance_section",
           "finance_stem", "join_html", "join_pdf", "pdf_pages", "render_finance",
           "write_finance", "write_structure"]

View = dict[str, Any]
HTML_TEMPLATE = "fiche-financiere.html.j2"
SECTION_TEMPLATE = "fiche-financiere-section.html.j2"
TYPST_TEMPLATE = "fiche-financiere.typ"
JOIN_TEMPLATE = "fiche-jointe.typ"
_PAGES = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)")
_END_OF_MAIN = "</main>"


def finance_html(view: Mapping[str, Any]) -> str:
    return render_html(HTML_TEMPLATE, f=view)


def finance_section(view: Mapping[str, Any]) -> str:
    return render_html(SECTION_TEMPLATE, f=view)


def finance_pdf(view: Mapping[str, Any]) -> bytes:
    return render_pdf(TYPST_TEMPLATE, view)


def render_finance(view: Mapping[str, Any], formats: Iterable[str] = FORMATS
                   ) -> dict[str, bytes]:
    wanted = parse_formats(formats)
    out: dict[str, bytes] = {}
    html = finance_html(view) if {"html", "odt"} & set(wanted) else ""
    if "html" in wanted:
        out["html"] = html.encode("utf-8")
    if "pdf" in wanted:
        out["pdf"] = finance_pdf(view)
    if "odt" in wanted:
        out["odt"] = odt_from_html(html)
    return out


def finance_stem(info: StructureInfo, campaign: str) -> str:
    """``nom-de-la-structure_ID_fiche-financiere-CAMPAGNE``."""
    return (f"{structure_stem(info, 'structure')}_fiche-financiere-"
            f"{slug(campaign) or 'campagne'}")


def join_html(fiche: str, section: str) -> str:
    """The fiche's HTML with the financial section as its last section."""
    at = fiche.rfind(_END_OF_MAIN)
    if at < 0:
        raise ValueError("la fiche n'a pas de contenu principal (<main>)")
    return fiche[:at] + section + fiche[at:]


def pdf_pages(pdf: bytes) -> int:
    """How many pages a PDF made by Typst has (its page tree's count)."""
    found = _PAGES.search(pdf)
    if found is None:
        raise ValueError("arbre des pages introuvable")
    return int(found.group(1))


def join_pdf(parts: Iterable[bytes], title: str) -> bytes:
    """The PDFs one after the other, as one document titled ``title``."""
    with tempfile.TemporaryDirectory(prefix="evalsoc-fiche-") as folder:
        root = Path(folder)
        shutil.copyfile(templates_dir() / JOIN_TEMPLATE, root / JOIN_TEMPLATE)
        listed = []
        for n, pdf in enumerate(parts):
            (root / f"{n}.pdf").write_bytes(pdf)
            listed.append({"file": f"{n}.pdf", "pages": pdf_pages(pdf)})
        data = json.dumps({"title": title, "parts": listed}, ensure_ascii=False)
        out = typst.compile(str(root / JOIN_TEMPLATE), root=str(root),
                            font_paths=[str(fonts_dir())], ignore_system_fonts=True,
                            format="pdf", sys_inputs={"data": data})
    assert isinstance(out, bytes)
    return out


def write_finance(view: Mapping[str, Any], info: StructureInfo, campaign: str,
                  out_dir: Path, formats: Iterable[str] = FORMATS) -> list[Path]:
    """The fiche financière alone, in ``out_dir``."""
    rendered = render_finance(view, formats)
    paths = output_paths(out_dir, finance_stem(info, campaign), rendered)
    return write_files({paths[f]: data for f, data in rendered.items()})


def write_structure(fiche: Fiche | None, finances: Sequence[Mapping[str, Any]],
                    info: StructureInfo, campaign: str, out_dir: Path,
                    formats: Iterable[str] = FORMATS,
                    conditions: Mapping[str, Any] | None = None) -> list[Path]:
    """What ``report structure`` writes for one structure: its fiche with its
    « conditions d'attractivité » (:mod:`evalsoc.reports.attractiveness.joined`) and its
    fiche financière joined (last section, last page), or the fiche financière alone when
    it has no utilité-sociale fiche."""
    if fiche is None:
        return [p for view in finances
                for p in write_finance(view, info, campaign, out_dir, formats)]
    wanted = parse_formats(formats)
    drafted = conditions_pdf(conditions) if conditions and "pdf" in wanted else None
    extra = pdf_pages(drafted) if drafted is not None else 0
    rendered = render_fiche(fiche, formats, pages_after=extra + len(finances))
    if (finances or conditions) and {"html", "odt"} & set(rendered):
        sections = (conditions_section(conditions) if conditions else "") + "".join(
            finance_section(view) for view in finances)
        page = rendered.get("html") or render_fiche(fiche, ["html"])["html"]
        joined = join_html(page.decode("utf-8"), sections)
        if "html" in rendered:
            rendered["html"] = joined.encode("utf-8")
        if "odt" in rendered:
            rendered["odt"] = odt_from_html(joined)
    if (finances or conditions) and "pdf" in rendered:
        title = f"Fiche structure — {fiche.identity.name} — campagne {fiche.method.campaign}"
        own = pdf_pages(rendered["pdf"])
        total = own + extra + len(finances)
        parts = [rendered["pdf"]]
        if conditions:
            parts.append(conditions_pdf(conditions, own + 1, total))
        parts += [finance_pdf({**view, "page": f"{total - len(finances) + n} / {total}"})
                  for n, view in enumerate(finances, start=1)]
        rendered["pdf"] = join_pdf(parts, title)
    paths = output_paths(out_dir, fiche_stem(fiche), rendered)
    return write_files({paths[f]: data for f, data in rendered.items()})
