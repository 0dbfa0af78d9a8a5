"""The last pages: who took part (by name only with their consent), and how the figures
were made: référentiel and its fingerprint, campaigns, rules, secrecy, and the plain
statement that the référentiel is a reconstruction."""

from __future__ import annotations

import pandas as pd

from evalsoc.catalogue import Code
from evalsoc.publish.notes import publication_notes
from evalsoc.publish.profiles import PROFILES, in_collective_mode
from evalsoc.referentiel.model import Direction, InformationalScoring, Referentiel
from evalsoc.referentiel.reading import direction_label, kind_label
from evalsoc.reports.sector.context import SectorContext, count_text
from evalsoc.reports.sector.model import (
    Block,
    Bullets,
    Column,
    Paragraph,
    Row,
    Section,
    Table,
    TableBlock,
)
from evalsoc.stats.inputs import text
from evalsoc.support.formatting import fr_number

__all__ = ["indicators_by_kind", "indicators_table", "method_section", "participants_section"]

def _named(ctx: SectorContext) -> pd.DataFrame:
    """Structures of the campaign that agreed to be named, with their département label."""
    registry = ctx.evaluated
    named = registry[registry["structure_id"].astype(str).isin(
        ctx.publication.population.named) & registry["nom"].notna()]
    return ctx.labelled(named.assign(departement=named["departement"].fillna("Non renseigné")),
                        "departement")


def participants_section(ctx: SectorContext) -> Section:
    named = _named(ctx).sort_values(["departement", "nom"], kind="stable")
    others = len(ctx.evaluated) - len(named)
    columns = (Column(key="departement", label="Département"),
               Column(key="nom", label="Structure"))
    rows = tuple(Row(values=(str(d), str(n)), texts=(str(d), str(n)))
                 for d, n in zip(named["departement"], named["nom"], strict=True))
    side_by_side = PROFILES in ctx.publication.tables and not ctx.table(PROFILES).empty
    blocks: list[Block] = [Paragraph(
        text="Les structures ci-dessous ont accepté d'être nommées. Aucun résultat "
             "individuel n'est publié dans cette synthèse : les tableaux ne donnent que des "
             "chiffres d'ensemble, sur "
             f"{count_text(ctx.rules.min_structures, 'structure')} au moins.")
        if not side_by_side else Paragraph(
        text="Toutes les structures du collectif ont accepté d'être nommées : leurs profils "
             "sont présentés côte à côte dans la lecture transversale, avec leur accord ; "
             "les autres tableaux ne donnent que des chiffres d'ensemble.")]
    if rows and not side_by_side:  # else their names head the profiles' columns
        blocks.append(TableBlock(table=Table(
            id="participants", caption="Structures participantes nommées avec leur accord",
            columns=columns, rows=rows, protected=False, layout="list")))
    if others:
        one = others == 1
        blocks.append(Paragraph(
            text=f"{count_text(others, 'autre structure', 'autres structures')} "
                 f"{'a' if one else 'ont'} participé sans souhaiter être "
                 f"{'nommée' if one else 'nommées'} ; "
                 f"{'elle est comptée' if one else 'elles sont comptées'} dans les chiffres "
                 "d'ensemble, sans ligne à leur nom."))
    left = len(ctx.publication.population.left_out)
    if left:
        blocks.append(Paragraph(tone="note", text=text(Code.STAT_NOTE_LEFT_OUT, count=count_text(
            left, "structure évaluée", "structures évaluées"))))
    return Section(id="participants", title="Structures participantes", blocks=tuple(blocks))


def indicators_table(ref: Referentiel) -> Table:
    """Every indicator of the référentiel with its kind and the direction its measured
    value reads in: what the scores of this synthesis measure (no structure's figure)."""
    columns = (Column(key="dimension", label="Dimension"),
               Column(key="indicateur", label="Indicateur"),
               Column(key="nature", label="Nature"),
               Column(key="sens", label="Sens de lecture"))
    rows = []
    for dim in ref.dimensions:
        for critere in dim.criteres:
            for ind in critere.indicateurs:
                informational = isinstance(ind.scoring, InformationalScoring)
                values = (dim.label, f"{ind.id} · {ind.label}", kind_label(ind),
                          "informatif, non noté" if informational
                          else direction_label(ind))
                rows.append(Row(values=values, texts=values))
    return Table(id="indicateurs-nature", caption="Indicateurs du référentiel : nature "
                 "(réalisation, résultat, impact) et sens de lecture de la valeur mesurée",
                 columns=columns, rows=tuple(rows), protected=False)


def indicators_by_kind(ref: Referentiel) -> Table:
    """The same words as :func:`indicators_table`, one row per dimension and one column
    per kind: what a restitution collective prints, where the long table would double its
    length. An indicator read the other way, or not scored, says so after its label."""
    kinds = ("réalisation", "résultat", "impact")
    columns = (Column(key="dimension", label="Dimension"),
               *(Column(key=k, label=f"{k.capitalize()}s") for k in kinds))
    rows = []
    for dim in ref.dimensions:
        cells: dict[str, list[str]] = {k: [] for k in kinds}
        for critere in dim.criteres:
            for ind in critere.indicateurs:
                note = (" (informatif, non noté)"
                        if isinstance(ind.scoring, InformationalScoring)
                        else f" ({direction_label(ind)})"
                        if ind.direction is Direction.LOWER_BETTER else "")
                cells[kind_label(ind)].append(ind.label + note)
        values = (dim.label, *(" ; ".join(cells[k]) or "–" for k in kinds))
        rows.append(Row(values=values, texts=values))
    return Table(id="indicateurs-nature", caption="Indicateurs du référentiel par nature "
                 "(réalisation, résultat, impact) ; sauf mention, plus la valeur mesurée est "
                 "haute, mieux c'est", columns=columns, rows=tuple(rows), protected=False)


def method_section(ctx: SectorContext) -> Section:
    ref = ctx.inputs.referentiel
    current, previous = ctx.inputs.current, ctx.inputs.previous
    campaigns = [f"Campagne « {current.name} » ({current.year}) : "
                 f"{count_text(len(ctx.evaluated), 'structure', 'structures')} dans les "
                 "chiffres"]
    if previous is not None and ctx.publication.before is not None:
        n = len(ctx.publication.before.population.included)
        campaigns.append(f"Campagne précédente « {previous.name} » ({previous.year}) : "
                         f"{count_text(n, 'structure', 'structures')} dans les chiffres")
    rules = [
        "Seules les réponses complètes comptent : une structure entre dans une statistique "
        "quand elle a un score pour l'élément concerné ; « non concerné » et « ne sait pas » "
        "ne valent jamais zéro.",
        "Les résultats sont des effectifs, des médianes, des quartiles, des moyennes et des "
        "parts de structures par niveau ; la médiane est la valeur que la moitié des "
        "structures atteint ou dépasse.",
        "Les niveaux sont ceux du référentiel : " + ", ".join(
            f"{lv.code} « {lv.label} » à partir de {fr_number(lv.min, 1)}"
            for lv in ctx.levels) + ".",
        "Les comparaisons d'une campagne à l'autre ne portent que sur les structures "
        "évaluées les deux fois.",
        "Tous les tableaux publiés pour la campagne (synthèse, exports, médianes des "
        "fiches, campagne précédente) sont vérifiés ensemble : aucun résultat d'une "
        "structure non nommée ne peut être déduit en les rapprochant (evalsoc audit).",
    ]
    blocks: list[Block] = [
        Paragraph(text=f"Référentiel : {ref.title} ({ref.ref}), empreinte "
                       f"{current.referentiel_hash or 'inconnue'}."),
        Paragraph(tone="warning",
                  text="Ce référentiel est une reconstruction écrite pour evalsoc dans "
                       "l'esprit des méthodes publiées (Culture et Promotion, Avise, "
                       "observation participative et partagée). Ce n'est pas le référentiel "
                       "élaboré en 2009-2010 par l'ARDES et Culture et Promotion, qui n'a "
                       "pas été rendu public. Ses seuils sont des repères à rediscuter "
                       "collectivement."),
        Bullets(items=tuple(campaigns)),
        Paragraph(text="Ce que mesurent les indicateurs : une réalisation est ce que fait "
                       "l'association (rapporté à ses moyens, jamais à sa taille), un "
                       "résultat ce qu'en disent ou en retirent les personnes concernées, "
                       "un impact un effet durable sur le territoire. Chaque score va de "
                       "0 à 100, plus haut étant mieux ; pour un indicateur « plus c'est "
                       "bas, mieux c'est » (une dépendance, une concentration), un score "
                       "élevé veut dire une valeur mesurée basse."),
        TableBlock(table=indicators_by_kind(ref)
                   if in_collective_mode(ctx.publication.population)
                   else indicators_table(ref)),
        Paragraph(text="Règles de calcul :"),
        Bullets(items=tuple(rules)),
        Paragraph(text="Secret statistique en vigueur dans ce document :"),
        Bullets(items=tuple(publication_notes(ctx.publication))),
    ]
    return Section(id="methode", title="Annexe : méthode", blocks=tuple(blocks))
