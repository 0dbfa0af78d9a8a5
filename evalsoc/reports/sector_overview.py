"""The first pages: who was evaluated, who answered, what the sector weighs (totals
under the dominance rule), and how far the data can be trusted (files received and
rejected, completeness, what could not be evaluated and why)."""

from __future__ import annotations

import pandas as pd

from evalsoc.formatting import fr_number
from evalsoc.reports.sector_blocks import masked_note
from evalsoc.reports.sector_context import ALL, SectorContext, count_text
from evalsoc.reports.sector_model import (
    Block,
    Column,
    KeyFigure,
    KeyFigures,
    Paragraph,
    Row,
    Section,
    Table,
    TableBlock,
)
from evalsoc.reports.sector_tables import SECRET, cell_text, table_from
from evalsoc.stats import totals

__all__ = ["KEY_QUESTIONS", "key_figures_section"]

# The structure's own numeric answers summed into sector totals, with their labels.
KEY_QUESTIONS = {
    "budget_total": "Budget total (€)",
    "entrees_totales": "Entrées",
    "nb_emplois_permanents": "Emplois permanents",
    "etp_total": "Emplois en équivalent temps plein",
    "nb_benevoles_reguliers": "Bénévoles réguliers",
}


def _by_departement(ctx: SectorContext) -> Table:
    """Structures evaluated per département: counts only (the registry says as much)."""
    evaluated = ctx.labelled(ctx.evaluated.assign(
        departement=ctx.evaluated["departement"].fillna("Non renseigné")), "departement")
    counts = evaluated["departement"].value_counts().sort_index()
    total = int(counts.sum())
    columns = (Column(key="departement", label="Département"),
               Column(key="n", label="Structures évaluées", kind="count"),
               Column(key="part", label="Part", kind="share"))
    rows = [(str(k), float(v), v / total if total else None) for k, v in counts.items()]
    rows.append((ALL, float(total), 1.0 if total else None))
    return Table(id="structures-departement", caption="Structures évaluées par département",
                 columns=columns, protected=False, rows=tuple(
                     Row(values=r, texts=tuple(cell_text(v, c.kind)
                                               for v, c in zip(r, columns, strict=True)),
                         total=r[0] == ALL) for r in rows))


def _respondents(ctx: SectorContext) -> Table:
    heard = ctx.inputs.current.respondents
    figures = pd.DataFrame({"campagne": heard["campagne"],
                            "structure_id": heard["structure_id"],
                            "question": heard["groupe"].map(
                                lambda g: ctx.group_labels.get(str(g), str(g))),
                            "value": heard["n"].astype(float)})
    table = ctx.labelled(totals(figures, ctx.structures, ["departement"], ctx.rules),
                         "departement")
    return table_from(table, id="repondants", caption="Répondants par groupe et par département",
                      columns=[Column(key="question", label="Groupe de répondants"),
                               Column(key="departement", label="Département"),
                               Column(key="n", label="Structures", kind="count", stat=True),
                               Column(key="somme", label="Répondants", kind="count",
                                      stat=True),
                               Column(key="mediane", label="Médiane par structure",
                                      kind="number", stat=True)])


def _totals(ctx: SectorContext) -> Table:
    figures = ctx.inputs.current.figures
    order = {q: i for i, q in enumerate(KEY_QUESTIONS)}
    figures = figures[figures["question"].isin(list(KEY_QUESTIONS))]
    figures = figures.iloc[figures["question"].map(order).argsort(kind="stable")]
    figures = figures.assign(question=figures["question"].map(KEY_QUESTIONS))
    table = ctx.labelled(totals(figures, ctx.structures, ["departement"], ctx.rules),
                         "departement")
    return table_from(table, id="totaux", caption="Poids du secteur : totaux par département",
                      columns=[Column(key="question", label="Donnée"),
                               Column(key="departement", label="Département"),
                               Column(key="n", label="Structures", kind="count", stat=True),
                               Column(key="somme", label="Total", kind="number", stat=True),
                               Column(key="moyenne", label="Moyenne", kind="number",
                                      stat=True),
                               Column(key="mediane", label="Médiane", kind="number",
                                      stat=True)],
                      note="Une réponse vide ne compte pas comme zéro : chaque ligne porte "
                           "sur les structures qui ont donné le chiffre.")


def _figures(ctx: SectorContext) -> KeyFigures:
    n = len(ctx.evaluated)
    departements = ctx.evaluated["departement"].dropna().nunique()
    heard = int(ctx.inputs.current.respondents["n"].sum())
    received = len(ctx.inputs.current.submissions)
    # a result of the structures, not a count of them: under the same threshold
    shown = fr_number(heard, 0) if n >= ctx.rules.min_structures else SECRET
    items = [KeyFigure(value=fr_number(n, 0), label="structures évaluées"),
             KeyFigure(value=fr_number(departements, 0), label="départements"),
             KeyFigure(value=shown,
                       label="répondants : bénévoles, salariés, publics, partenaires"),
             KeyFigure(value=fr_number(received, 0), label="fichiers reçus")]
    return KeyFigures(items=tuple(items))


def key_figures_section(ctx: SectorContext) -> Section:
    by_dep, heard, money = _by_departement(ctx), _respondents(ctx), _totals(ctx)
    n = len(ctx.evaluated)
    blocks: list[Block] = [
        _figures(ctx),
        Paragraph(text=f"La campagne « {ctx.inputs.current.name} » réunit "
                       f"{count_text(n, 'structure évaluée', 'structures évaluées')} : "
                       "celles dont un questionnaire valide a été enregistré. Les "
                       "statistiques ne portent que sur les réponses complètes ; une "
                       "réponse « non concerné » ou « ne sait pas » n'est jamais comptée "
                       "comme un zéro."),
        TableBlock(table=by_dep),
        TableBlock(table=heard),
    ]
    if note := masked_note(heard):
        blocks.append(note)
    blocks.append(TableBlock(table=money))
    if note := masked_note(money):
        blocks.append(note)
    return Section(id="chiffres-cles", title="Chiffres clés", blocks=tuple(blocks))
