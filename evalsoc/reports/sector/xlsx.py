"""The synthèse's tables as a workbook: one sheet per table, then a « Notes » sheet
first with the secrecy rules and what each sheet holds.

Cells keep raw numbers (shares in percent, scores to two decimals) so that a reader can
recompute and chart them; a masked statistic is the text « secret » and the row says
« oui » in « Masqué » with its motif. Every string is written as text (never a formula,
whatever it starts with): :func:`evalsoc.exports.safe.write_xlsx` sees to it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from evalsoc.exports.safe import write_xlsx
from evalsoc.reports.sector.model import SectorReport, Table
from evalsoc.reports.sector.tables import SECRET

__all__ = ["NOTES_SHEET", "sheets_of", "write_sector_xlsx"]

NOTES_SHEET = "Notes"
SUFFIX = {"share": " (%)", "money": " (€)"}
YES, NO = "oui", "non"


def _value(value: float | str | None, kind: str) -> float | int | str | None:
    if not isinstance(value, float):
        return value
    if kind == "share":
        return round(value * 100, 1)
    if kind == "count" and value.is_integer():
        return int(value)
    return round(value, 2)


def table_frame(table: Table) -> pd.DataFrame:
    """The table as its sheet shows it."""
    labels = [c.label + SUFFIX.get(c.kind, "") for c in table.columns]
    rows = []
    for row in table.rows:
        cells: list[object] = [SECRET if row.masked and c.stat else _value(v, c.kind)
                               for c, v in zip(table.columns, row.values, strict=True)]
        if table.protected:
            cells += [YES if row.masked else NO, row.motif or None]
        rows.append(cells)
    extra = ["Masqué", "Motif"] if table.protected else []
    return pd.DataFrame(rows, columns=[*labels, *extra])


def _notes(report: SectorReport) -> pd.DataFrame:
    lines = [("Document", report.title), ("Campagne", report.subtitle),
             ("Référentiel", f"{report.referentiel} (empreinte {report.referentiel_hash})")]
    if report.edited:
        lines.append(("Édité le", report.edited))
    lines += [("Secret statistique", note) for note in report.secrecy_notes]
    lines += [(f"Feuille « {t.id} »", t.caption + (f". {t.note}" if t.note else ""))
              for t in report.tables()]
    return pd.DataFrame(lines, columns=["Rubrique", "Texte"])


def sheets_of(report: SectorReport) -> dict[str, pd.DataFrame]:
    sheets = {NOTES_SHEET: _notes(report)}
    for table in report.tables():
        sheets[table.id[:31]] = table_frame(table)
    return sheets


def write_sector_xlsx(report: SectorReport, path: Path) -> None:
    write_xlsx(path, sheets_of(report))
