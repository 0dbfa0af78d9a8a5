"""The « conditions d'attractivité » as a section of a fiche's HTML and as pages of its
PDF, from the view :func:`evalsoc.reports.attractiveness.joined.conditions_view` makes
(no pandas here: the processes that render fiches import it)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from evalsoc.reports.base import render_html, render_pdf

__all__ = ["conditions_pdf", "conditions_section"]

SECTION_TEMPLATE = "fiche-conditions-section.html.j2"
TYPST_TEMPLATE = "fiche-conditions.typ"


def conditions_section(view: Mapping[str, Any]) -> str:
    return render_html(SECTION_TEMPLATE, c=view)


def conditions_pdf(view: Mapping[str, Any], first: int | None = None, total: int = 0
                   ) -> bytes:
    """Its pages; ``first`` and ``total`` number them inside the joined document."""
    data = dict(view)
    if first is not None:
        data.update(first=first, total=total)
    return render_pdf(TYPST_TEMPLATE, data)
