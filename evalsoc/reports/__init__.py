"""Reports: the fiche structure (one association) and the synthèse sectorielle.

Each report is a frozen model built by a pure function, turned into one view (French
strings), and rendered twice from that view: a self-contained HTML page and a PDF
(Typst). See :mod:`evalsoc.reports.base` for what they share.
"""

from evalsoc.reports.fiche_batch import FicheBatch, FicheDone, build_fiches
from evalsoc.reports.fiche_build import CampaignFigures, Previous, build_fiche
from evalsoc.reports.fiche_charts import FicheCharts, fiche_charts
from evalsoc.reports.fiche_model import Fiche
from evalsoc.reports.fiche_parts import Verbatim, verbatims_of
from evalsoc.reports.fiche_render import render_fiche, write_fiche
from evalsoc.reports.fiche_store import (
    CampaignContext,
    FicheSourceError,
    campaign_context,
    fiche_from_store,
)
from evalsoc.reports.fiche_view import fiche_view

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
