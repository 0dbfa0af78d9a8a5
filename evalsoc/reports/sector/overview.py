"""The first pages: who was evaluated, who answered, what the sector weighs (totals
under the dominance rule), and how far the data can be trusted (files received and
rejected, completeness, what could not be evaluated and why)."""

from __future__ import annotations

from evalsoc.catalogue import Code
from evalsoc.publish.publication import KEY_QUESTIONS as KEY_QUESTION_IDS
from evalsoc.reports.sector.blocks import masked_note
from evalsoc.reports.sector.context import ALL, BY_LABELS, SectorContext, count_text
from evalsoc.reports.sector.model import (
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
from evalsoc.reports.sector.tables import SECRET, cell_text, table_from
from evalsoc.stats.inputs import text
from evalsoc.support.formatting import fr_number

__all__ = ["KEY_QUESTIONS", "key_figures_section"]

# The structure's own numeric answers summed into sector totals, with their labels.
KEY_QUESTIONS = dict(zip(KEY_QUESTION_IDS, (
    "Budget total (€)", "Entrées", "Emplois permanents", "Emplois en équivalent temps plein",
    "Bénévoles réguliers"), strict=True))


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


def _respondents(ctx: SectorContext, by: str) -> Table:
    table = ctx.table(f"repondants:{by}")
    table = table.assign(question=table["question"].astype(str).map(
        lambda g: ctx.group_labels.get(g, g)))
    table = ctx.labelled(table, by)
    name = BY_LABELS.get(by, by)
    return table_from(table, id=f"repondants-{by}",
                      caption=f"Répondants par groupe et par {name.lower()}",
                      note="Structures : celles dont ce groupe a répondu (une structure "
                           "sans bénévole ni salarié n'a pas de répondant de ces groupes).",
                      columns=[Column(key="question", label="Groupe de répondants"),
                               Column(key=by, label=name),
                               Column(key="n", label="Structures", kind="count", stat=True),
                               Column(key="somme", label="Répondants", kind="count",
                                      stat=True),
                               Column(key="mediane", label="Médiane par structure",
                                      kind="number", stat=True)])


def _totals(ctx: SectorContext, by: str) -> Table:
    table = ctx.table(f"chiffres:{by}")
    table = ctx.labelled(table.assign(question=table["question"].astype(str).map(
        lambda q: KEY_QUESTIONS.get(q, q))), by)
    name = BY_LABELS.get(by, by)
    return table_from(table, id=f"totaux-{by}",
                      caption=f"Poids du secteur : totaux par {name.lower()}",
                      columns=[Column(key="question", label="Donnée"),
                               Column(key=by, label=name),
                               Column(key="n", label="Structures", kind="count", stat=True),
                               Column(key="somme", label="Total", kind="number", stat=True),
                               Column(key="moyenne", label="Moyenne", kind="number",
                                      stat=True),
                               Column(key="mediane", label="Médiane", kind="number",
                                      stat=True)],
                      note="Une réponse vide ne compte pas comme zéro : chaque ligne porte "
                           "sur les structures qui ont donné le chiffre.")


def _heard(ctx: SectorContext) -> str:
    """All respondents together: the sum of the published totals of each group, secret
    when one of them is not published."""
    table = ctx.table("repondants:departement")
    totals = table[table["ensemble"].astype(bool)]
    if totals.empty or totals["masque"].astype(bool).any() or totals["somme"].isna().any():
        return SECRET
    return fr_number(float(totals["somme"].sum()), 0)


def _figures(ctx: SectorContext) -> KeyFigures:
    n = len(ctx.evaluated)
    registry = ctx.structures
    inside = registry["structure_id"].astype(str).isin(ctx.publication.population.included)
    departements = registry.loc[inside, "departement"].dropna().nunique()
    received = len(ctx.inputs.current.submissions)
    items = [KeyFigure(value=fr_number(n, 0), label="structures dans les chiffres"),
             KeyFigure(value=fr_number(departements, 0), label="départements"),
             KeyFigure(value=_heard(ctx),
                       label="répondants : bénévoles, salariés, publics, partenaires"),
             KeyFigure(value=fr_number(received, 0), label="fichiers reçus")]
    return KeyFigures(items=tuple(items))


def _left_out(ctx: SectorContext) -> list[Block]:
    left = len(ctx.publication.population.left_out)
    if not left:
        return []
    return [Paragraph(tone="note", text=text(Code.STAT_NOTE_LEFT_OUT, count=count_text(
        left, "structure évaluée", "structures évaluées")))]


def key_figures_section(ctx: SectorContext) -> Section:
    by_dep = _by_departement(ctx)
    local = [b for b in ("departement", "taille") if f"repondants:{b}" in ctx.publication.tables]
    n = len(ctx.evaluated)
    blocks: list[Block] = [
        _figures(ctx),
        Paragraph(text=f"Les chiffres de la campagne « {ctx.inputs.current.name} » portent "
                       f"sur {count_text(n, 'structure évaluée', 'structures évaluées')} "
                       "qui ont accepté que leurs résultats entrent dans des chiffres "
                       "d'ensemble. Les statistiques ne portent que sur les réponses "
                       "complètes ; une réponse « non concerné » ou « ne sait pas » n'est "
                       "jamais comptée comme un zéro."),
        *_left_out(ctx),
        TableBlock(table=by_dep),
    ]
    for table in [*(_respondents(ctx, b) for b in local), *(_totals(ctx, b) for b in local)]:
        blocks.append(TableBlock(table=table))
        if note := masked_note(table):
            blocks.append(note)
    return Section(id="chiffres-cles", title="Annexe A : chiffres clés et poids du secteur",
                   blocks=tuple(blocks))
