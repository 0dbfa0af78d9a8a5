"""The last pages: who took part (by name only with their consent), and how the figures
were made: référentiel and its fingerprint, campaigns, rules, secrecy, and the plain
statement that the référentiel is a reconstruction."""

from __future__ import annotations

import pandas as pd

from evalsoc.formatting import fr_number
from evalsoc.reports.sector_context import SectorContext, count_text
from evalsoc.reports.sector_model import (
    Block,
    Bullets,
    Column,
    Paragraph,
    Row,
    Section,
    Table,
    TableBlock,
)
from evalsoc.stats import public_names

__all__ = ["method_section", "participants_section"]

NOMINATIVE = "nominative"


def _named(ctx: SectorContext) -> pd.DataFrame:
    """Evaluated structures that agreed to be named, with their département label."""
    registry = ctx.evaluated
    if registry.empty:
        return registry.assign(nom_public=[])
    names = public_names(registry, ctx.rules)
    consent = registry["consentement"].astype(object).fillna("").astype(str)
    named = registry.assign(nom_public=names["nom_public"].to_numpy())
    named = named[(consent.str.strip().str.lower() == NOMINATIVE).to_numpy()
                  & registry["nom"].notna().to_numpy()]
    return ctx.labelled(named.assign(departement=named["departement"].fillna("Non renseigné")),
                        "departement")


def participants_section(ctx: SectorContext) -> Section:
    named = _named(ctx).sort_values(["departement", "nom_public"], kind="stable")
    others = len(ctx.evaluated) - len(named)
    columns = (Column(key="departement", label="Département"),
               Column(key="nom", label="Structure"))
    rows = tuple(Row(values=(str(d), str(n)), texts=(str(d), str(n)))
                 for d, n in zip(named["departement"], named["nom_public"], strict=True))
    blocks: list[Block] = [Paragraph(
        text="Les structures ci-dessous ont accepté d'être nommées. Aucun résultat "
             "individuel n'est publié dans cette synthèse : les tableaux ne donnent que des "
             "chiffres d'ensemble, sur "
             f"{count_text(ctx.rules.min_structures, 'structure')} au moins.")]
    if rows:
        blocks.append(TableBlock(table=Table(
            id="participants", caption="Structures participantes nommées avec leur accord",
            columns=columns, rows=rows, protected=False, layout="list")))
    if others:
        one = others == 1
        blocks.append(Paragraph(
            text=f"{count_text(others, 'autre structure', 'autres structures')} "
                 f"{'a' if one else 'ont'} participé sans souhaiter être "
                 f"{'nommée' if one else 'nommées'} ; "
                 f"{'elle est comptée' if one else 'elles sont comptées'} dans tous les "
                 "tableaux."))
    return Section(id="participants", title="Structures participantes", blocks=tuple(blocks))


def method_section(ctx: SectorContext) -> Section:
    ref = ctx.inputs.referentiel
    current, previous = ctx.inputs.current, ctx.inputs.previous
    campaigns = [f"Campagne « {current.name} » ({current.year}) : "
                 f"{count_text(len(ctx.evaluated), 'structure évaluée', 'structures évaluées')}"]
    if previous is not None:
        n = previous.scores["structure_id"].nunique()
        campaigns.append(f"Campagne précédente « {previous.name} » ({previous.year}) : "
                         f"{count_text(n, 'structure évaluée', 'structures évaluées')}")
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
        "Chaque tableau est protégé séparément ; rapprocher deux ventilations des mêmes "
        "structures (par département et par discipline) peut parfois permettre des "
        "recoupements : ne publiez pas d'extraits croisés sans vérification.",
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
        Paragraph(text="Règles de calcul :"),
        Bullets(items=tuple(rules)),
        Paragraph(text="Secret statistique en vigueur dans ce document :"),
        Bullets(items=tuple(ctx.rules.notes())),
    ]
    return Section(id="methode", title="Annexe : méthode", blocks=tuple(blocks))
