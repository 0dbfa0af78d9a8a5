"""The synthèse sectorielle: read a campaign, build one model, write HTML, PDF and XLSX.

::

    store --load_sector_inputs--> SectorInputs (DataFrames)          [reads the store]
    SectorInputs + SecrecyRules --build_sector_report--> SectorReport  (pure)
    SectorReport --sector_view--> JSON of French strings --> HTML (Jinja2), PDF (Typst)
    SectorReport --sheets_of--> one sheet per table + « Notes »  --> XLSX
    write_sector_report: the files, whole, inside the output folder [files out]

Every table of results comes from :mod:`evalsoc.stats` with statistical secrecy applied;
structures are named only with consent « nominative »; no individual result is shown.
"""

from evalsoc.publish.inputs import (
    CampaignFrames,
    EmptyCampaignError,
    SectorInputError,
    SectorInputs,
    load_sector_inputs,
)
from evalsoc.reports.sector.build import build_sector_report, report_stem
from evalsoc.reports.sector.model import SectorReport, Table
from evalsoc.reports.sector.render import (
    SECTOR_FORMATS,
    parse_sector_formats,
    render_sector,
    write_sector_report,
)
from evalsoc.reports.sector.view import sector_view
from evalsoc.reports.sector.xlsx import sheets_of, write_sector_xlsx

__all__ = [
    "SECTOR_FORMATS",
    "CampaignFrames",
    "EmptyCampaignError",
    "SectorInputError",
    "SectorInputs",
    "SectorReport",
    "Table",
    "build_sector_report",
    "load_sector_inputs",
    "parse_sector_formats",
    "render_sector",
    "report_stem",
    "sector_view",
    "sheets_of",
    "write_sector_report",
    "write_sector_xlsx",
]
