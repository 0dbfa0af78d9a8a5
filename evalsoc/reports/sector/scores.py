"""Where the structures stand, dimension by dimension: distributions across the sector,
then breakdowns by département, discipline and type of territory.

Every figure comes from the publication's ``secteur:`` tables (secrecy applied, audited
together); the distribution chart draws only the medians and quartiles they publish.
"""

from __future__ import annotations

import pandas as pd

from evalsoc.charts import HeatCell, HeatRow, HeatTable, Spread, distribution, heatmap
from evalsoc.reports.sector.blocks import (
    by_label,
    chart_block,
    describe_columns,
    high_share,
    levels_note,
    masked_note,
)
from evalsoc.reports.sector.context import BY_LABELS, SectorContext, count_text
from evalsoc.reports.sector.model import Block, Paragraph, Section, TableBlock
from evalsoc.reports.sector.tables import plain, table_from
from evalsoc.support.formatting import fr_number, fr_percent

__all__ = ["BREAKDOWNS", "breakdown_section", "distribution_section", "heat_table"]

BREAKDOWNS = ("departement", "discipline", "territoire")


def _describe(ctx: SectorContext, by: list[str]) -> pd.DataFrame:
    """The dimensions' rows of the publication's table for ``by`` (critères are in the
    export), with the share at the report's high level."""
    full = ctx.table(f"secteur:{by[0] if by else 'ensemble'}")
    table = full[full["type"] == "dimension"].reset_index(drop=True)
    table.attrs = dict(full.attrs)
    table = table.assign(part_haut=high_share(table, ctx))
    return ctx.labelled(table, by[0]) if by else table


def _spreads(ctx: SectorContext, table: pd.DataFrame) -> dict[str, Spread]:
    """What the table publishes about each dimension, for the chart."""
    spreads = {}
    for r in table.to_dict("records"):
        n, median, q1, q3 = (v if isinstance(v := plain(r.get(k)), float) else None
                             for k in ("n", "mediane", "q1", "q3"))
        spreads[ctx.dimension_labels.get(str(r["noeud"]), str(r["noeud"]))] = Spread(
            None if n is None else int(n), median, q1, q3, masked=bool(r["masque"]))
    return spreads


def _reading(ctx: SectorContext, table: pd.DataFrame) -> str:
    """Which dimension has the highest and the lowest median, in plain words."""
    shown = table[~table["masque"].astype(bool) & table["mediane"].notna()]
    if shown.empty:
        return ("Aucune dimension ne réunit assez de structures évaluées pour être "
                "publiée.")
    top = shown.iloc[int(shown["mediane"].to_numpy(dtype=float).argmax())]
    low = shown.iloc[int(shown["mediane"].to_numpy(dtype=float).argmin())]
    high = ctx.high_label()
    return (f"La dimension la mieux placée est « {top['libelle']} » : la moitié des "
            f"structures y obtient au moins {fr_number(top['mediane'], 0)} sur 100 et "
            f"{fr_percent(float(top['part_haut']))} atteignent le {high}. La plus "
            f"basse est « {low['libelle']} » (médiane {fr_number(low['mediane'], 0)} ; "
            f"{fr_percent(float(low['part_haut']))} au {high}).")


def distribution_section(ctx: SectorContext) -> Section:
    table = _describe(ctx, [])
    report_table = table_from(by_label(table), id="scores-dimensions",
                              caption="Scores des structures par dimension (sur 100)",
                              columns=describe_columns(ctx, None, levels=True),
                              note=levels_note(ctx))
    chart = distribution(_spreads(ctx, table),
                         title="Répartition des scores des structures par dimension")
    blocks: list[Block] = [
        Paragraph(text="Chaque dimension est lue séparément : le référentiel ne produit pas "
                       "de note globale. Le trait épais marque la médiane ; la boîte va du "
                       "premier au troisième quartile (la moitié centrale des structures), "
                       "quand assez de structures permettent de les publier. Aucune "
                       "structure n'est représentée individuellement."),
        chart_block(chart, "graphique-distribution"),
        Paragraph(text=_reading(ctx, table)),
        TableBlock(table=report_table),
    ]
    if note := masked_note(report_table):
        blocks.append(note)
    return Section(id="distributions", title="Les scores par dimension", blocks=tuple(blocks))


def heat_table(table: pd.DataFrame, by: str, columns: dict[str, str],
               value: str = "mediane") -> HeatTable:
    """Groups (rows, « Ensemble » last) by nodes (columns): the median of each cell."""
    groups = list(dict.fromkeys(table[by].astype(str)))
    cells = {(str(r[by]), str(r["noeud"])): r for r in table.to_dict("records")}
    rows = []
    for group in groups:
        row = []
        for code in columns:
            record = cells.get((group, code))
            if record is None:
                row.append(HeatCell(None))
                continue
            number = record[value]
            masked = bool(record["masque"])
            row.append(HeatCell(None if masked or pd.isna(number) else float(number),
                                masked=masked,
                                n=None if masked or pd.isna(record["n"]) else int(record["n"])))
        rows.append(HeatRow(group, tuple(row)))
    return HeatTable(tuple(columns.values()), tuple(rows))


def breakdown_section(ctx: SectorContext, by: str) -> Section:
    label = BY_LABELS.get(by, by)
    table = _describe(ctx, [by])
    groups = table.loc[~table["ensemble"].astype(bool), by].nunique()
    report_table = table_from(
        by_label(table), id=f"scores-{by}", caption=f"Scores par dimension et par {label.lower()}",
        columns=describe_columns(ctx, by))
    chart = heatmap(heat_table(table, by, ctx.dimension_labels), label,
                    ctx.levels, with_n=False,
                    title=f"Médiane des scores par {label.lower()} et par dimension")
    blocks: list[Block] = [
        Paragraph(text=f"{count_text(groups, 'groupe')} de structures selon leur "
                       f"{label.lower()}. Chaque case donne la médiane des scores sur 100 ; "
                       "sa couleur est celle du niveau atteint. Une case « secret » "
                       "repose sur trop peu de structures, ou a été masquée pour qu'une "
                       "autre ne puisse pas être recalculée."),
        chart_block(chart, f"graphique-{by}"),
        TableBlock(table=report_table),
    ]
    if note := masked_note(report_table):
        blocks.append(note)
    return Section(id=f"par-{by}", title=f"Par {label.lower()}", level=2,
                   blocks=tuple(blocks))
