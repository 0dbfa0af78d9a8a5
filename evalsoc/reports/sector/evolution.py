"""From the previous campaign to this one, on the same structures only: a sector mean
that moved because other structures answered is not a change."""

from __future__ import annotations

import pandas as pd

from evalsoc.charts import EvolutionPoint, EvolutionSeries, evolution
from evalsoc.reports.sector.blocks import by_label, chart_block, masked_note
from evalsoc.reports.sector.context import SectorContext, count_text
from evalsoc.reports.sector.model import Block, Column, Paragraph, Section, TableBlock
from evalsoc.reports.sector.tables import table_from
from evalsoc.stats.evolution import STABLE_WITHIN
from evalsoc.support.formatting import fr_number, fr_percent

__all__ = ["evolution_section"]


def _series(table: pd.DataFrame, before: str, after: str) -> list[EvolutionSeries]:
    totals = table[table["ensemble"].astype(bool)]
    series = []
    for r in totals.to_dict("records"):
        masked = bool(r["masque"])
        n = None if masked or pd.isna(r["n"]) else int(r["n"])
        points = tuple(
            EvolutionPoint(campaign, None if masked or pd.isna(r[key]) else float(r[key]),
                           n=n, masked=masked)
            for campaign, key in ((before, "moyenne_avant"), (after, "moyenne_apres")))
        series.append(EvolutionSeries(str(r["libelle"]), points))
    return series


def _reading(table: pd.DataFrame, before: str, after: str) -> str:
    totals = table[table["ensemble"].astype(bool) & ~table["masque"].astype(bool)]
    if totals.empty:
        return ("Trop peu de structures ont été évaluées les deux années pour publier une "
                "évolution.")
    parts = []
    for r in totals.to_dict("records"):
        parts.append(f"« {r['libelle']} » : moyenne {fr_number(r['moyenne_avant'], 1)} en "
                     f"{before}, {fr_number(r['moyenne_apres'], 1)} en {after} ; "
                     f"{fr_percent(float(r['part_hausse']))} en hausse, "
                     f"{fr_percent(float(r['part_baisse']))} en baisse")
    n = int(totals["n"].max())
    return (f"Sur les {count_text(n, 'structure')} évaluées les deux années : "
            + " ; ".join(parts) + ".")


def evolution_section(ctx: SectorContext) -> Section | None:
    previous = ctx.inputs.previous
    if previous is None or ctx.publication.before is None:
        return None
    before, after = previous.name, ctx.inputs.current.name
    policy = [Paragraph(tone="note", text=note)
              for note in ctx.publication.comparison_notes()]  # what may be compared
    if "evolution:departement" not in ctx.publication.tables:
        if not policy:
            return None
        return Section(id="evolution", title=f"Évolution depuis {before}",
                       blocks=tuple(policy))
    table = ctx.labelled(ctx.table("evolution:departement"), "departement")
    report_table = table_from(
        by_label(table), id="evolution",
        caption=f"Évolution de {before} à {after}, mêmes structures",
        columns=[Column(key="noeud", label="Dimension"),
                 Column(key="departement", label="Département"),
                 Column(key="n", label="Structures", kind="count", stat=True),
                 Column(key="moyenne_avant", label=f"Moyenne {before}", kind="score",
                        stat=True),
                 Column(key="moyenne_apres", label=f"Moyenne {after}", kind="score",
                        stat=True),
                 Column(key="evolution_mediane", label="Évolution médiane", kind="delta",
                        stat=True),
                 Column(key="part_hausse", label="En hausse", kind="share", stat=True),
                 Column(key="part_stable", label="Stables", kind="share", stat=True),
                 Column(key="part_baisse", label="En baisse", kind="share", stat=True)])
    chart = evolution(_series(table, before, after), statistic="moyenne",
                      title=f"Score moyen par dimension, {before} et {after} (mêmes "
                            "structures)")
    blocks: list[Block] = [
        Paragraph(text=f"Seules les structures évaluées en {before} et en {after} sont "
                       "comparées, dimension par dimension. Une variation de moins de "
                       f"{fr_number(STABLE_WITHIN, 1)} points, dans un sens ou dans "
                       "l'autre, est comptée comme stable."),
        *policy,
        chart_block(chart, "graphique-evolution"),
        Paragraph(text=_reading(table, before, after)),
        TableBlock(table=report_table),
    ]
    if note := masked_note(report_table):
        blocks.append(note)
    return Section(id="evolution", title=f"Évolution depuis {before}", blocks=tuple(blocks))
