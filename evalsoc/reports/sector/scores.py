"""Where the structures stand, dimension by dimension: distributions across the sector,
then breakdowns by département, discipline, type of territory and size.

Every figure comes from the publication's ``secteur:`` tables (secrecy applied, audited
together) and each median's interval across the robustness variants from its
``intervalles:`` tables; the distribution chart draws only the medians and quartiles they
publish. Dimensions are never ranked against each other: their levels were calibrated
separately, so each is read for itself.
"""

from __future__ import annotations

import pandas as pd

from evalsoc.charts import HeatCell, HeatRow, HeatTable, Spread, distribution, heatmap
from evalsoc.reports.sector.blocks import (
    by_label,
    chart_block,
    count_note,
    describe_columns,
    high_share,
    level_columns,
    levels_note,
    masked_note,
)
from evalsoc.reports.sector.context import BY_LABELS, SectorContext, count_text
from evalsoc.reports.sector.model import Block, Column, Paragraph, Section, TableBlock
from evalsoc.reports.sector.tables import plain, table_from

__all__ = ["BREAKDOWNS", "INTERVAL_NOTE", "breakdown_section", "criteres_table",
           "describe_frame", "distribution_section", "heat_table"]

BREAKDOWNS = ("departement", "discipline", "territoire", "taille")
INTERVAL_NOTE = ("Médiane basse et haute : la médiane recalculée sous 1 000 variantes des "
                 "choix du référentiel (poids ±20 %, couverture minimale ±10 points, "
                 "politique « non concerné »), du 5e au 95e centile ; voir la méthode.")


NO_SPREAD = ("Aucune médiane ni aucun quartile n'est publiable pour cette campagne (trop "
             "peu de structures non nommées, ou la vérification d'ensemble les retient) : "
             "la répartition des scores n'est pas dessinée, et le tableau ci-dessous ne "
             "donne que le nombre de structures évaluées par dimension.")


def _interval_note(table: pd.DataFrame) -> str:
    """The medians' intervals explained, where the table prints at least one."""
    return INTERVAL_NOTE if table["mediane_basse"].notna().any() else ""


def describe_frame(ctx: SectorContext, by: str | None, kind: str = "dimension"
                   ) -> pd.DataFrame:
    """The rows of ``kind`` of the publication's table for ``by``, with the share at the
    report's high level and, for dimensions, each median's interval."""
    name = by or "ensemble"
    full = ctx.table(f"secteur:{name}")
    table = full[full["type"] == kind].reset_index(drop=True)
    table = table.assign(part_haut=high_share(table, ctx))
    keys = ["noeud", *([by] if by else [])]
    if kind == "dimension" and f"intervalles:{name}" in ctx.publication.tables:
        bounds = ctx.table(f"intervalles:{name}")[[*keys, "mediane_basse", "mediane_haute"]]
        table = table.merge(bounds, on=keys, how="left")
    else:
        table = table.assign(mediane_basse=float("nan"), mediane_haute=float("nan"))
    table.attrs = dict(full.attrs)
    return ctx.labelled(table, by) if by else table


def _spreads(ctx: SectorContext, table: pd.DataFrame) -> dict[str, Spread]:
    """What the table publishes about each dimension, for the chart."""
    spreads = {}
    for r in table.to_dict("records"):
        n, median, q1, q3 = (v if isinstance(v := plain(r.get(k)), float) else None
                             for k in ("n", "mediane", "q1", "q3"))
        spreads[ctx.dimension_labels.get(str(r["noeud"]), str(r["noeud"]))] = Spread(
            None if n is None else int(n), median, q1, q3, masked=bool(r["masque"]))
    return spreads


def _scores_columns(ctx: SectorContext) -> list[Column]:
    return [Column(key="noeud", label="Dimension"),
            Column(key="n", label="Structures", kind="count", stat=True),
            Column(key="mediane", label="Médiane", kind="score", stat=True),
            Column(key="mediane_basse", label="Médiane basse", kind="score", stat=True),
            Column(key="mediane_haute", label="Médiane haute", kind="score", stat=True),
            Column(key="q1", label="1er quartile", kind="score", stat=True),
            Column(key="q3", label="3e quartile", kind="score", stat=True),
            Column(key="part_haut", label=f"Au {ctx.high_label()}", kind="share", stat=True)]


def distribution_section(ctx: SectorContext) -> Section:
    table = describe_frame(ctx, None)
    scores = table_from(by_label(table), id="scores-dimensions",
                        caption="Scores des structures par dimension (sur 100)",
                        columns=_scores_columns(ctx), thresholds=ctx.thresholds,
                        note=" ".join(p for p in (count_note(ctx, table),
                                                  _interval_note(table)) if p))
    levels = table_from(by_label(table), id="niveaux-dimensions",
                        caption="Part des structures à chaque niveau, par dimension",
                        columns=[Column(key="noeud", label="Dimension"),
                                 Column(key="n", label="Structures", kind="count",
                                        stat=True), *level_columns(ctx)],
                        thresholds=ctx.thresholds, note=levels_note(ctx))
    spreads = _spreads(ctx, table)
    chart = distribution(spreads, title="Répartition des scores des structures par dimension")
    drawn = any(s.median is not None for s in spreads.values())
    blocks: list[Block] = [
        Paragraph(text="Chaque dimension se lit pour elle-même : ses niveaux ont été fixés "
                       "séparément, et une médiane de 60 sur une dimension ne se compare pas "
                       "à 60 sur une autre. Il n'y a pas de note globale. Le trait épais "
                       "marque la médiane ; la boîte va du premier au troisième quartile "
                       "(la moitié centrale des structures), quand assez de structures "
                       "permettent de les publier. Aucune structure n'est représentée "
                       "individuellement."),
        chart_block(chart, "graphique-distribution") if drawn else Paragraph(text=NO_SPREAD),
        TableBlock(table=scores),
    ]
    if note := masked_note(scores):
        blocks.append(note)
    if any(c.key.startswith("part_niveau") for c in levels.columns):
        blocks.append(TableBlock(table=levels))
    return Section(id="distributions", title="Les scores par dimension", blocks=tuple(blocks))


def criteres_table(ctx: SectorContext) -> TableBlock:
    """Every critère's figures for the whole sector (what the strengths and points of
    vigilance are read from)."""
    table = describe_frame(ctx, None, "critere")
    table = table.assign(dimension=table["dimension"].map(ctx.dimension_labels))
    return TableBlock(table=table_from(
        by_label(table), id="scores-criteres", caption="Scores par critère (sur 100)",
        columns=[Column(key="noeud", label="Critère"),
                 Column(key="dimension", label="Dimension"),
                 Column(key="n", label="Structures", kind="count", stat=True),
                 Column(key="mediane", label="Médiane", kind="score", stat=True),
                 Column(key="moyenne", label="Moyenne", kind="score", stat=True),
                 Column(key="part_haut", label=f"Au {ctx.high_label()}", kind="share",
                        stat=True)],
        thresholds=ctx.thresholds))


def heat_table(table: pd.DataFrame, by: str, columns: dict[str, str],
               value: str = "mediane") -> HeatTable:
    """Groups (rows, « Ensemble » last) by nodes (columns): ``value`` of each cell."""
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
    table = describe_frame(ctx, by)
    groups = table.loc[~table["ensemble"].astype(bool), by].nunique()
    if groups <= 1:  # one group (all merged under « Autres … »): the whole again
        return Section(id=f"par-{by}", title=f"Par {label.lower()}", level=2, blocks=(
            Paragraph(text=f"Pas de ventilation par {label.lower()} : aucun groupe ne réunit "
                           "assez de structures pour être publié seul, et le groupe unique "
                           "qui les réunit toutes redonnerait les chiffres d'ensemble."),))
    columns = describe_columns(ctx, by)
    report_table = table_from(
        by_label(table), id=f"scores-{by}", caption=f"Scores par dimension et par {label.lower()}",
        columns=columns, thresholds=ctx.thresholds,
        note=" ".join(p for p in (count_note(ctx, table), _interval_note(table)) if p))
    chart = heatmap(heat_table(table, by, ctx.dimension_labels, "moyenne"), label,
                    ctx.levels, with_n=False, statistic="moyenne",
                    title=f"Score moyen par {label.lower()} et par dimension")
    blocks: list[Block] = [
        Paragraph(text=f"{count_text(groups, 'groupe')} de structures selon leur "
                       f"{label.lower()}. Chaque case de la grille donne le score moyen sur "
                       "100 ; sa couleur est celle du niveau atteint. Une case « secret » "
                       "repose sur trop peu de structures, ou a été masquée pour qu'une "
                       "autre ne puisse pas être recalculée ; les petits groupes sont "
                       "réunis sous « Autres … »."),
        chart_block(chart, f"graphique-{by}"),
        TableBlock(table=report_table),
    ]
    if note := masked_note(report_table):
        blocks.append(note)
    return Section(id=f"par-{by}", title=f"Par {label.lower()}", level=2,
                   blocks=tuple(blocks))
