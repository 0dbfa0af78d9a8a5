"""Small builders every section uses: charts as blocks, masked-cell sentences, the
columns of a ``describe`` table, and aggregate rows put under statistical secrecy."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from evalsoc.charts import Chart
from evalsoc.reports.sector.context import BY_LABELS, SectorContext, count_text
from evalsoc.reports.sector.model import ChartBlock, Column, Paragraph, Table
from evalsoc.stats.secrecy import protect
from evalsoc.support.formatting import fr_number

__all__ = ["by_label", "chart_block", "count_note", "describe_columns", "high_share",
           "level_columns", "levels_note", "masked_note", "protected_rows"]


def chart_block(chart: Chart, id: str) -> ChartBlock:
    return ChartBlock(id=id, title=chart.title, alt=chart.alt, svg=chart.svg,
                      width_cm=chart.width_cm, height_cm=chart.height_cm)


def masked_note(table: Table) -> Paragraph | None:
    """« 4 cases de ce tableau sont masquées (secret statistique). »"""
    masked = sum(r.masked for r in table.rows)
    if not masked:
        return None
    cases = count_text(masked, "ligne")
    verb = "est masquée" if masked == 1 else "sont masquées"
    return Paragraph(text=f"{cases} de ce tableau {verb} par le secret statistique "
                          "(« secret ») ; le motif est donné en fin de ligne.", tone="note")


def high_share(frame: pd.DataFrame, ctx: SectorContext) -> pd.Series:
    """Share of structures at the report's « high » level or above (NaN when masked)."""
    columns = [f"part_niveau_{c}" for c in ctx.high_codes if f"part_niveau_{c}" in frame]
    share = frame[columns].astype(float).sum(axis=1, min_count=1)
    return share.mask(frame["masque"].astype(bool))


def level_columns(ctx: SectorContext) -> list[Column]:
    return [Column(key=f"part_niveau_{lv.code}", label=f"Niveau {lv.code}", kind="share",
                   stat=True) for lv in ctx.levels]


def levels_note(ctx: SectorContext) -> str:
    """« Niveaux : 1 À construire (0 à 25), … » for tables whose columns say « Niveau 1 »."""
    bounds = [*(lv.min for lv in ctx.levels[1:]), 100.0]
    listed = ", ".join(f"{lv.code} « {lv.label} » ({fr_number(lv.min, 1)} à "
                       f"{fr_number(top, 1)})" for lv, top in zip(ctx.levels, bounds,
                                                                    strict=True))
    return f"Part des structures à chaque niveau. Niveaux : {listed}."


def describe_columns(ctx: SectorContext, by: str | None, *, node_label: str = "Dimension",
                     levels: bool = False, intervals: bool = True) -> list[Column]:
    """The node (its label under the key ``noeud``), the group, n, the median and its
    interval across variants, the mean, then the level shares (or the share at the
    « high » level or above)."""
    columns = [Column(key="noeud", label=node_label)]
    if by is not None:
        columns.append(Column(key=by, label=BY_LABELS.get(by, by)))
    columns += [Column(key="n", label="Structures", kind="count", stat=True),
                Column(key="mediane", label="Médiane", kind="score", stat=True)]
    if intervals:
        columns += [Column(key="mediane_basse", label="Médiane basse", kind="score",
                           stat=True),
                    Column(key="mediane_haute", label="Médiane haute", kind="score",
                           stat=True)]
    columns.append(Column(key="moyenne", label="Moyenne", kind="score", stat=True))
    if levels:
        return columns + level_columns(ctx)
    return [*columns, Column(key="part_haut", label=f"Au {ctx.high_label()}",
                             kind="share", stat=True)]


def count_note(ctx: SectorContext, table: pd.DataFrame) -> str:
    """Why a table's counts differ from the number of structures in the figures (the
    « Ensemble » rows): a structure without a score on a dimension is not counted."""
    everyone = len(ctx.evaluated)
    totals = table[table["ensemble"].astype(bool) & ~table["masque"].astype(bool)]
    fewer = [(str(r["libelle"]), int(r["n"])) for r in totals.to_dict("records")
             if pd.notna(r["n"]) and int(r["n"]) < everyone]
    if not fewer:
        return ""
    listed = ", ".join(f"{label} : {count_text(n, 'structure')}" for label, n in fewer)
    return (f"Les effectifs diffèrent de l'ensemble ({count_text(everyone, 'structure')}) "
            f"là où des structures n'ont pas de score (dimension non évaluable : trop "
            f"peu de réponses, ou « non concerné ») : {listed}.")


def by_label(table: pd.DataFrame) -> pd.DataFrame:
    """The node column holding the node's label (one to one: breakdowns keep their
    keys), for tables that show the label alone."""
    out = table.assign(noeud=table["libelle"].astype(str))
    out.attrs = dict(table.attrs)
    return out


def protected_rows(frame: pd.DataFrame, keys: Sequence[str], stats: Sequence[str],
                   ctx: SectorContext) -> pd.DataFrame:
    """Rows that each describe the whole population (one per key: a dimension...), put
    under the primary threshold: ``n`` below it blanks the row's statistics."""
    rows = frame.assign(ensemble=True).reset_index(drop=True)
    rows["n"] = rows["n"].astype("Int64")
    if rows.empty:
        rows = rows.assign(masque=pd.Series(dtype=bool), motif=pd.Series(dtype=object))
        return rows
    out = protect(rows, breakdown=list(keys), by=[], stats=list(stats), rules=ctx.rules)
    return out.assign(masque=np.asarray(out["masque"], dtype=bool))
