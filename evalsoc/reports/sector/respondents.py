"""What each group of respondents says, and how far the self-view of the structures
differs from what their bénévoles, salariés, publics and partenaires say."""

from __future__ import annotations

import pandas as pd

from evalsoc.charts import GroupMean, divergence
from evalsoc.reports.sector.blocks import chart_block, masked_note
from evalsoc.reports.sector.context import SectorContext, count_text
from evalsoc.reports.sector.model import Block, Column, Paragraph, Section, TableBlock
from evalsoc.reports.sector.tables import table_from
from evalsoc.support.formatting import fr_number

__all__ = ["MEASURES", "respondents_section"]

MEASURES = {"ecart_groupes": "Écart entre groupes (plus haut moins plus bas)",
            "auto_moins_autres": "Auto-évaluation moins regard des autres groupes"}


MIRRORED = ("Ce référentiel déclare des items miroirs : la même affirmation, posée à "
            "plusieurs groupes. Les moyennes ci-dessus mêlent des indicateurs qui ne mesurent "
            "pas la même chose d'un groupe à l'autre (des réalisations comptées par la "
            "structure, des perceptions de ses publics) : elles se lisent côte à côte, sans "
            "écart ni « auto-évaluation ». L'écart entre les regards se lit sur les items "
            "miroirs, dans la fiche de chaque structure.")


def _labelled(table: pd.DataFrame) -> pd.DataFrame:
    """The dimension column holding the dimension's label (one to one)."""
    out = table.assign(dimension=table["libelle_dimension"].astype(str))
    out.attrs = dict(table.attrs)
    return out


def _in_group_order(ctx: SectorContext, table: pd.DataFrame) -> pd.DataFrame:
    """Rows by dimension, then respondent group, in the référentiel's order."""
    dims = {d: i for i, d in enumerate(ctx.dimension_labels)}
    groups = {g: i for i, g in enumerate(ctx.group_labels)}
    keys = pd.DataFrame({"d": table["dimension"].astype(str).map(dims).fillna(len(dims)),
                         "g": table["groupe"].astype(str).map(groups).fillna(len(groups)),
                         "e": table["ensemble"].astype(bool)})
    order = keys.sort_values(["d", "g", "e"], kind="stable").index
    out = table.loc[order].reset_index(drop=True)
    out.attrs = dict(table.attrs)
    return out


def _group_means(ctx: SectorContext, table: pd.DataFrame) -> list[GroupMean]:
    shown = table[~table["masque"].astype(bool) & table["moyenne"].notna()]
    order = {g: i for i, g in enumerate(ctx.group_labels.values())}
    shown = shown.assign(_order=shown["groupe"].map(order)).sort_values(
        ["_order"], kind="stable")
    means = [GroupMean(dimension=str(r["libelle_dimension"]), group=str(r["groupe"]),
                       mean=float(r["moyenne"]), n=int(r["n_repondants"])
                       if pd.notna(r["n_repondants"]) else None)
             for r in shown.to_dict("records")]
    dims = list(ctx.dimension_labels.values())
    return sorted(means, key=lambda m: dims.index(m.dimension) if m.dimension in dims else 99)


def _reading(table: pd.DataFrame) -> str:
    own = table[(table["mesure"].astype(str) == "auto_moins_autres") & ~table["masque"].astype(bool)
                & table["mediane"].notna()]
    if own.empty:
        return ("Trop peu de structures ont à la fois leur propre regard et celui d'autres "
                "groupes pour publier l'écart entre auto-évaluation et regards extérieurs.")
    widest = own.iloc[int(own["mediane"].abs().to_numpy(dtype=float).argmax())]
    gap = float(widest["mediane"])
    sense = ("se voient plus favorablement que ne les voient" if gap > 0
             else "se voient moins favorablement que ne les voient")
    return (f"C'est sur la dimension « {widest['libelle_dimension']} » que l'écart est le "
            f"plus marqué : la moitié des structures "
            f"{sense} leurs autres groupes de répondants d'au moins "
            f"{fr_number(abs(gap), 1)} points (médiane de l'écart, sur "
            f"{count_text(widest['n'], 'structure')}). Cet écart est un résultat à "
            "discuter avec les structures, pas une erreur de mesure.")


def respondents_section(ctx: SectorContext) -> Section:
    labels = ctx.group_labels
    figures = _in_group_order(ctx, ctx.table("groupes"))
    figures = figures.assign(groupe=figures["groupe"].astype(str).map(
        lambda g: labels.get(g, "Plusieurs groupes" if g == "mixte" else g)))
    heard = table_from(_labelled(figures), id="groupes-repondants",
                       caption="Score moyen des indicateurs alimentés par chaque groupe",
                       columns=[Column(key="dimension", label="Dimension"),
                                Column(key="groupe", label="Groupe de répondants"),
                                Column(key="n", label="Structures", kind="count", stat=True),
                                Column(key="moyenne", label="Moyenne", kind="score",
                                       stat=True),
                                Column(key="mediane", label="Médiane", kind="score",
                                       stat=True),
                                Column(key="n_repondants", label="Répondants", kind="count",
                                       stat=True)])
    spread = ctx.table("divergence")
    spread_table = table_from(
        _labelled(spread.assign(mesure=spread["mesure"].astype(str).map(MEASURES))),
        id="divergence", caption="Divergence entre les regards, par dimension (en points)",
        columns=[Column(key="dimension", label="Dimension"),
                 Column(key="mesure", label="Mesure"),
                 Column(key="n", label="Structures", kind="count", stat=True),
                 Column(key="moyenne", label="Moyenne", kind="delta", stat=True),
                 Column(key="mediane", label="Médiane", kind="delta", stat=True)])
    blocks: list[Block] = [Paragraph(
        text="Chaque indicateur est alimenté par un groupe de répondants : la structure "
             "elle-même, ses bénévoles, ses salariés, ses publics ou ses partenaires. Pour "
             "chaque structure, la moyenne d'un groupe est celle des indicateurs qu'il "
             "alimente ; le tableau en donne la moyenne et la médiane sur les structures.")]
    mirrored = bool(ctx.inputs.referentiel.mirrors())
    title = ("Résultats de chaque groupe de répondants, côte à côte (moyennes)" if mirrored
             else "Regards croisés des groupes de répondants (moyennes)")
    if means := _group_means(ctx, figures):
        blocks.append(chart_block(divergence(means, title=title), "graphique-regards"))
    blocks.append(TableBlock(table=heard))
    if note := masked_note(heard):
        blocks.append(note)
    if mirrored:  # the groups' indicators measure different things: no gap is read
        blocks.append(Paragraph(text=MIRRORED))
        return Section(id="regards", title="Les regards des groupes de répondants",
                       blocks=tuple(blocks))
    blocks += [Paragraph(text=_reading(spread)), TableBlock(table=spread_table)]
    if note := masked_note(spread_table):
        blocks.append(note)
    return Section(id="regards", title="Les regards des groupes de répondants",
                   blocks=tuple(blocks))
