"""The sector's strengths, points of vigilance and pistes d'action, dimension by
dimension, and the definitions a reader needs: what the synthèse says before its tables.

Read from the critères' published figures (``secteur:ensemble``), by documented rules
(docs/synthese.md, « Forces, vigilances et pistes »):

- a **force** is a critère whose published median (its mean where the median is not
  published) reaches the référentiel's top level, or where at least two structures in
  three reach the report's high level;
- a **point de vigilance** is a critère whose median (or mean) is under the pistes
  threshold of the référentiel, or where at most one structure in three reaches the
  high level;
- the **pistes d'action** are the référentiel's own actions for those critères.

A critère none of whose figures is published is neither: it is said to be unknown.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from evalsoc.reports.sector.context import SectorContext
from evalsoc.reports.sector.model import Definitions, Panel, PanelList, Section
from evalsoc.reports.sector.tables import cell_text

__all__ = ["MAX_PISTES", "CritereReading", "critere_readings", "definitions",
           "findings_section", "first_sentence", "is_strength", "is_weak", "reading_text"]

MAX_PISTES = 4  # per dimension
STRONG, WEAK = 2 / 3, 1 / 3


@dataclass(frozen=True)
class CritereReading:
    id: str
    label: str
    dimension: str
    statistic: str  # "mediane" or "moyenne": what was read
    value: float | None
    high_share: float | None

    @property
    def known(self) -> bool:
        return self.value is not None or self.high_share is not None


def first_sentence(text: str) -> str:
    """A description's first sentence (the one-line definition)."""
    flat = " ".join(text.split())
    for end in (". ", " : "):
        if end in flat:
            flat = flat.split(end, 1)[0]
            break
    return flat.rstrip(" .") + "."


def critere_readings(ctx: SectorContext) -> list[CritereReading]:
    """What the published « Ensemble » row of each critère says, in tree order."""
    table = ctx.table("secteur:ensemble")
    rows = {str(r["noeud"]): r for r in table[table["type"] == "critere"].to_dict("records")}
    codes = [f"part_niveau_{c}" for c in ctx.high_codes]
    out = []
    for dim in ctx.inputs.referentiel.dimensions:
        for crit in dim.criteres:
            r = rows.get(crit.id)
            if r is None or bool(r["masque"]):
                out.append(CritereReading(crit.id, crit.label, dim.id, "mediane", None, None))
                continue
            median, mean = r.get("mediane"), r.get("moyenne")
            statistic, value = ("mediane", median) if pd.notna(median) else ("moyenne", mean)
            shares = [float(x) for c in codes if pd.notna(x := r.get(c))]
            share = float(sum(shares)) if codes and len(shares) == len(codes) else None
            out.append(CritereReading(crit.id, crit.label, dim.id, statistic,
                                      float(value) if pd.notna(value) else None, share))
    return out


def is_strength(ctx: SectorContext, r: CritereReading) -> bool:
    top = max(ctx.thresholds, default=100.0)
    return bool((r.value is not None and r.value >= top)
                or (r.high_share is not None and r.high_share >= STRONG))


def is_weak(ctx: SectorContext, r: CritereReading) -> bool:
    limit = ctx.inputs.referentiel.pistes_threshold
    return bool((r.value is not None and r.value < limit)
                or (r.high_share is not None and r.high_share <= WEAK))


def reading_text(ctx: SectorContext, r: CritereReading) -> str:
    what = "médiane" if r.statistic == "mediane" else "moyenne"
    parts = []
    if r.value is not None:
        parts.append(f"{what} {cell_text(r.value, 'score', ctx.thresholds)}")
    if r.high_share is not None:
        parts.append(f"{cell_text(r.high_share, 'share')} au {ctx.high_label()}")
    return f"{r.label} ({', '.join(parts)})"


def definitions(ctx: SectorContext) -> Definitions:
    """The dimensions in one line each, then the words every table uses."""
    ref = ctx.inputs.referentiel
    items = [(d.label, first_sentence(d.description) if d.description else "")
             for d in ref.dimensions]
    levels = ", ".join(f"{lv.code} « {lv.label} »" for lv in ctx.levels)
    items += [
        ("Niveau", f"le degré atteint sur une dimension, de 1 à {len(ctx.levels)} "
                   f"({levels}), fixé par les seuils du référentiel."),
        ("Médiane", "la moitié des structures a un score supérieur ou égal ; elle est "
                    "donnée avec l'intervalle où la placent les variantes du référentiel."),
        ("Complétude", "la part de ce qui s'applique à une structure qui a pu être "
                       "renseignée ; « non concerné » et « ne sait pas » ne valent jamais "
                       "zéro."),
    ]
    return Definitions(title="Définitions", items=tuple(items))


def _panel(ctx: SectorContext, dimension: str, readings: list[CritereReading]) -> Panel:
    ref = ctx.inputs.referentiel
    mine = [r for r in readings if r.dimension == dimension]
    strengths = [reading_text(ctx, r) for r in mine if is_strength(ctx, r)]
    weak = [r for r in mine if is_weak(ctx, r) and not is_strength(ctx, r)]
    criteres = {c.id: c for d in ref.dimensions for c in d.criteres}
    pistes = list(dict.fromkeys(a for r in weak for a in criteres[r.id].pistes_action[:2]))
    unknown = [r.label for r in mine if not r.known]
    lists = [PanelList(label="Forces", items=tuple(strengths),
                       empty="Aucun critère où le secteur se distingue nettement."),
             PanelList(label="Points de vigilance", items=tuple(reading_text(ctx, r) for r in weak),
                       empty="Aucun critère sous le seuil des pistes d'action."),
             PanelList(label="Pistes d'action", items=tuple(pistes[:MAX_PISTES]),
                       empty="Pas de piste particulière pour le secteur.")]
    if unknown:
        lists.append(PanelList(label="Non publiés (trop peu de structures)",
                               items=tuple(unknown)))
    return Panel(title=ctx.dimension_labels.get(dimension, dimension), lists=tuple(lists))


def findings_section(ctx: SectorContext) -> Section:
    readings = critere_readings(ctx)
    panels = tuple(_panel(ctx, d.id, readings) for d in ctx.inputs.referentiel.dimensions)
    return Section(id="forces-vigilances", title="Forces, vigilances et pistes, par dimension",
                   blocks=panels)
