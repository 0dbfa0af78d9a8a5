"""The restitution collective: what a synthèse says of a small group (fewer than
:data:`COLLECTIVE_BELOW` structures in the figures), where distributions by
département, discipline or size would be mostly « secret » and centiles over six
structures mean nothing.

A qualitative, transversal reading instead of tables, every figure read from the
publication's audited « Ensemble » rows (``secteur:ensemble``), never from the raw
scores:

- per dimension, how many structures reach the report's high level (a count, « 3
  structures sur 5 », from the published share) and the published median; a dimension
  none of whose figures is published says so in words;
- the **forces communes**, **difficultés partagées** and **pistes transversales**: the
  critères read by the rules of :mod:`evalsoc.reports.sector.findings`, across
  dimensions;
- the profiles side by side where every structure consented to be named, else one
  sentence saying why not (:mod:`evalsoc.reports.sector.side_by_side`).

Nothing else here is a table: a value the publication withholds is left out of the
sentence, so that the body never prints a « secret » cell.
"""

from __future__ import annotations

import pandas as pd

from evalsoc.publish.profiles import COLLECTIVE_BELOW, in_collective_mode
from evalsoc.reports.sector.context import SectorContext, count_text
from evalsoc.reports.sector.findings import (
    MAX_PISTES,
    critere_readings,
    is_strength,
    is_weak,
    reading_text,
)
from evalsoc.reports.sector.model import Bullets, Panel, PanelList, Paragraph, Section
from evalsoc.reports.sector.side_by_side import side_by_side
from evalsoc.reports.sector.tables import cell_text

__all__ = ["COLLECTIVE_BELOW", "collective_section", "is_collective"]

def is_collective(ctx: SectorContext) -> bool:
    """Whether the synthèse is a restitution collective (a small group)."""
    return in_collective_mode(ctx.publication.population)


def _dimension_lines(ctx: SectorContext) -> list[str]:
    table = ctx.table("secteur:ensemble")
    rows = {str(r["noeud"]): r for r in table[table["type"] == "dimension"].to_dict("records")}
    codes = [f"part_niveau_{c}" for c in ctx.high_codes]
    lines = []
    for dim in ctx.inputs.referentiel.dimensions:
        r = rows.get(dim.id)
        if r is None or bool(r["masque"]) or pd.isna(r.get("n")):
            lines.append(f"{dim.label} : trop peu de structures renseignées pour une "
                         "lecture commune.")
            continue
        n = int(r["n"])
        parts = []
        shares = [float(x) for c in codes if pd.notna(x := r.get(c))]
        if codes and len(shares) == len(codes):
            reached = round(sum(shares) * n)
            parts.append(f"{reached} structure{'s' if reached > 1 else ''} sur {n} au "
                         f"{ctx.high_label()} (« {ctx.high_level.label} » ou au-delà)")
        for what, key in (("médiane", "mediane"), ("moyenne", "moyenne")):
            if pd.notna(value := r.get(key)):
                parts.append(f"{what} {cell_text(float(value), 'score', ctx.thresholds)} "
                             "sur 100")
                break
        if len(parts) < 2:  # the levels' shares wait for more structures (secrecy rules)
            parts.insert(0, f"{count_text(n, 'structure')} renseignée"
                            f"{'s' if n > 1 else ''}")
        lines.append(f"{dim.label} : " + " ; ".join(parts) + ".")
    return lines


def collective_section(ctx: SectorContext) -> Section:
    """« Lecture transversale »: the dimensions in words, then what the group shares."""
    ref = ctx.inputs.referentiel
    readings = [r for r in critere_readings(ctx) if r.known]
    strengths = [r for r in readings if is_strength(ctx, r)]
    weak = [r for r in readings if is_weak(ctx, r) and not is_strength(ctx, r)]
    criteres = {c.id: c for d in ref.dimensions for c in d.criteres}
    pistes = list(dict.fromkeys(a for r in weak for a in criteres[r.id].pistes_action[:1]))
    n = len(ctx.publication.population.included)
    dim = ctx.dimension_labels
    return Section(id="lecture-transversale", title="Lecture transversale du collectif", blocks=(
        Paragraph(text=f"Le collectif réunit {count_text(n, 'structure')} : trop peu pour "
                       "des répartitions par département, discipline ou taille, qui "
                       "seraient presque toutes couvertes par le secret statistique. La "
                       "synthèse se lit donc en mots et en effectifs, dimension par "
                       "dimension, puis par ce que les structures ont en commun ; la "
                       "répartition des structures par niveau n'est donnée qu'à partir de "
                       f"{COLLECTIVE_BELOW} structures."),
        Bullets(items=tuple(_dimension_lines(ctx))),
        Panel(title="Ce que le collectif partage", lists=(
            PanelList(label="Forces communes",
                      items=tuple(f"{reading_text(ctx, r)} — {dim.get(r.dimension, '')}"
                                  for r in strengths),
                      empty="Aucun critère où le collectif se distingue nettement."),
            PanelList(label="Difficultés partagées",
                      items=tuple(f"{reading_text(ctx, r)} — {dim.get(r.dimension, '')}"
                                  for r in weak),
                      empty="Aucun critère sous le seuil des pistes d'action."),
            PanelList(label="Pistes transversales", items=tuple(pistes[:MAX_PISTES + 2]),
                      empty="Pas de piste commune particulière."))),
        *side_by_side(ctx),
    ))
