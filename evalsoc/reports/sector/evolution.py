"""From the previous campaign to this one, on the same structures only: a sector mean
that moved because other structures answered is not a change.

A dimension is said « en hausse » or « en baisse » only when its median change exceeds
the noise of the robustness variants: the variants' median change (5th to 95th
percentile, :func:`evalsoc.sensitivity.change_interval`) stays on the same side of zero
and the change rounds to a whole point (:func:`evalsoc.sensitivity.change_direction`, the
fiche's rule); otherwise it is « stable (écart dans le bruit des variantes) ». One short
sentence per dimension, two figures at most. (The table's shares of structures count
each structure's change against the fixed :data:`evalsoc.stats.evolution.STABLE_WITHIN`,
as the published counts are audited; their columns say « +2,5 points ou plus », never
« en hausse ».)
"""

from __future__ import annotations

import pandas as pd

from evalsoc.charts import EvolutionPoint, EvolutionSeries, evolution
from evalsoc.reports.sector.blocks import by_label, chart_block, masked_note
from evalsoc.reports.sector.context import BY_LABELS, SectorContext, count_text
from evalsoc.reports.sector.model import Block, Bullets, Column, Paragraph, Section, TableBlock
from evalsoc.reports.sector.tables import cell_text, table_from
from evalsoc.sensitivity import HALF_POINT, change_direction, change_interval
from evalsoc.stats.aggregate import MEMBERS
from evalsoc.stats.evolution import STABLE_WITHIN
from evalsoc.support.formatting import fr_number

__all__ = ["Change", "changes", "evolution_section"]

Change = tuple[str, float, int]  # « hausse » / « baisse » / « stable », median change, n


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


def changes(ctx: SectorContext) -> dict[str, Change]:
    """Per dimension whose « Ensemble » median change is published: its label, the
    change and the number of structures compared."""
    publication = ctx.publication
    raw = publication.tables.get("evolution:departement")
    earlier = publication.earlier
    if raw is None or earlier is None or publication.variation is None:
        return {}
    out: dict[str, Change] = {}
    rows = raw[raw["ensemble"].astype(bool) & ~raw["masque"].astype(bool)]
    for r in rows.to_dict("records"):
        change = r.get("evolution_mediane")
        if change is None or pd.isna(change):
            continue
        node = str(r["noeud"])
        noise = change_interval(earlier.variants, publication.variants, r[MEMBERS], node)
        out[node] = (change_direction(float(change), noise), float(change), int(r["n"]))
    return out


def _reading(ctx: SectorContext, found: dict[str, Change]) -> list[str]:
    items = []
    for dim in ctx.inputs.referentiel.dimensions:
        if dim.id not in found:
            continue
        label, change, _ = found[dim.id]
        text = cell_text(change, "delta")
        if label == "stable" and abs(change) < HALF_POINT:
            items.append(f"{dim.label} : stable (moins d'un point de médiane).")
        elif label == "stable":
            items.append(f"{dim.label} : stable (écart dans le bruit des variantes : {text} "
                         "point(s) de médiane).")
        else:
            items.append(f"{dim.label} : en {label}, {text} points de médiane.")
    return items


def _table(ctx: SectorContext, by: str, before: str, after: str) -> TableBlock:
    label = BY_LABELS.get(by, by)
    step = fr_number(STABLE_WITHIN, 1)  # per structure: never called a hausse or a baisse
    table = ctx.labelled(ctx.table(f"evolution:{by}"), by)
    return TableBlock(table=table_from(
        by_label(table), id=f"evolution-{by}",
        caption=f"Évolution de {before} à {after} par {label.lower()}, mêmes structures",
        columns=[Column(key="noeud", label="Dimension"), Column(key=by, label=label),
                 Column(key="n", label="Structures", kind="count", stat=True),
                 Column(key="moyenne_avant", label=f"Moyenne {before}", kind="score",
                        stat=True),
                 Column(key="moyenne_apres", label=f"Moyenne {after}", kind="score",
                        stat=True),
                 Column(key="evolution_mediane", label="Évolution médiane", kind="delta",
                        stat=True),
                 Column(key="part_hausse", label=f"+{step} points ou plus", kind="share",
                        stat=True),
                 Column(key="part_stable", label=f"Écart de moins de {step} points",
                        kind="share", stat=True),
                 Column(key="part_baisse", label=f"−{step} points ou moins", kind="share",
                        stat=True)],
        thresholds=ctx.thresholds,
        note="Seules les structures comptées les deux années entrent ici : les effectifs "
             "sont donc plus petits que ceux de la campagne."))


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
    overall = ctx.table("evolution:departement")
    found = changes(ctx)
    n = max((c[2] for c in found.values()), default=0)
    chart = evolution(_series(overall, before, after), statistic="moyenne",
                      title=f"Score moyen par dimension, {before} et {after} (mêmes "
                            "structures)")
    blocks: list[Block] = [
        Paragraph(text=f"Seules les structures évaluées en {before} et en {after} sont "
                       f"comparées ({count_text(n, 'structure')}), dimension par dimension. "
                       "Une dimension n'est dite en hausse ou en baisse que si son évolution "
                       "médiane dépasse le bruit des variantes du référentiel : recalculée "
                       "sous chaque variante (poids, couverture minimale, non concerné), "
                       "elle garde son sens du 5e au 95e centile, et elle atteint au moins "
                       "un point ; sinon elle est « stable (écart dans le bruit des "
                       "variantes) ». Le tableau donne aussi, parmi les structures comparées, "
                       "les parts dont le score a varié d'au moins "
                       f"{fr_number(STABLE_WITHIN, 1)} points dans un sens ou dans l'autre : "
                       "un écart de structure, que le tableau ne qualifie pas de hausse ou "
                       "de baisse."),
        Bullets(items=tuple(_reading(ctx, found)) or (
            "Trop peu de structures ont été évaluées les deux années pour publier une "
            "évolution.",)),
        *policy,
        chart_block(chart, "graphique-evolution"),
    ]
    for by in ("departement", "taille"):
        if f"evolution:{by}" in ctx.publication.tables:
            block = _table(ctx, by, before, after)
            blocks.append(block)
            if note := masked_note(block.table):
                blocks.append(note)
    return Section(id="evolution", title=f"Évolution depuis {before}", blocks=tuple(blocks))
