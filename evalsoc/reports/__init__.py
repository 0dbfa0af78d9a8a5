"""Reports: the fiche structure (one association) and the synthèse sectorielle; for an
observation campaign, the key figures (:mod:`.observation`) and the rural grid's
documents (:mod:`.attractiveness`), rendered with the synthèse's model.

Each report is a frozen model built by a pure function, turned into one view (French
strings), and rendered twice from that view: a self-contained HTML page and a PDF
(Typst). See :mod:`evalsoc.reports.base` for what they share.

The names below are imported on first use: a worker process that renders fiches
imports what it renders with, not the campaign's statistics (pandas, a hundred
megabytes per process).
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "CampaignContext",
    "CampaignFigures",
    "Fiche",
    "FicheBatch",
    "FicheCharts",
    "FicheDone",
    "FicheSourceError",
    "Previous",
    "Verbatim",
    "build_fiche",
    "build_fiches",
    "campaign_context",
    "fiche_charts",
    "fiche_from_store",
    "fiche_view",
    "render_fiche",
    "verbatims_of",
    "write_fiche",
]

_HOMES = {
    "FicheBatch": "fiche.batch", "FicheDone": "fiche.batch", "build_fiches": "fiche.batch",
    "CampaignFigures": "fiche.build", "Previous": "fiche.build", "build_fiche": "fiche.build",
    "FicheCharts": "fiche.charts", "fiche_charts": "fiche.charts", "Fiche": "fiche.model",
    "Verbatim": "fiche.parts", "verbatims_of": "fiche.parts",
    "render_fiche": "fiche.render", "write_fiche": "fiche.render",
    "CampaignContext": "fiche.source", "FicheSourceError": "fiche.source",
    "fiche_from_store": "fiche.source", "campaign_context": "fiche.store",
    "fiche_view": "fiche.view",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
    globals()[name] = value
    return value
