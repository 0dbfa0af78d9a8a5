"""A reading by the four regional stakes of the sector (2011-2012 sector work): the
référentiel tags indicators « enjeu:<stake> »; for each stake, the tagged indicators,
their medians and level distribution, by département too, and a short reading written
from the numbers. A stake no indicator is tagged with is said to be out of reach."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from evalsoc.charts import heatmap
from evalsoc.referentiel.model import (
    BandsScoring,
    Indicateur,
    InformationalScoring,
    OptionsScoring,
    Polarity,
    QuestionType,
)
from evalsoc.referentiel.tree import NodeInfo, node_infos
from evalsoc.reports.sector.blocks import (
    chart_block,
    high_share,
    levels_note,
    masked_note,
)
from evalsoc.reports.sector.context import BY_LABELS, SectorContext, count_text
from evalsoc.reports.sector.model import Block, Column, Paragraph, Section, TableBlock
from evalsoc.reports.sector.scores import heat_table
from evalsoc.reports.sector.stake_facts import (
    GOVERNANCE,
    OUT_OF_STAKE,
    fact_blocks,
    fact_sources,
    support_blocks,
)
from evalsoc.reports.sector.tables import table_from
from evalsoc.support.formatting import fr_percent

__all__ = ["KINDS", "STAKES", "Stake", "direction_of", "is_yes_no", "stake_sections"]

KINDS = {"realisation": "Réalisation", "resultat": "Résultat", "impact": "Impact"}
HIGHER, LOWER = "plus = mieux", "moins = mieux"


@dataclass(frozen=True)
class Stake:
    key: str  # the tag is « enjeu:<key> »
    title: str
    scope: str


STAKES = (
    Stake("structuration", "Structurer le secteur culturel en région",
          "coopérations, réseaux, soutien à la création, rôle dans la vie culturelle locale"),
    Stake("decloisonnement", "Décloisonner les projets et les acteurs, ancrés dans les "
          "territoires", "actions hors les murs, partenariats locaux, accès des publics, "
          "participation des habitants"),
    Stake("professionnalisation", "Professionnaliser les structures culturelles",
          "fonction employeur, modèle économique, projet associatif"),
    Stake("accompagnement", "Renforcer la chaîne de l'accompagnement",
          "dispositifs d'accompagnement, financements, nouveaux modèles socio-économiques"),
)
HEAT_COLUMNS = 6  # indicator codes per heatmap: more would not fit their labels
LOW_SHARE = 0.5  # an indicator evaluated for fewer structures than this is flagged


def is_yes_no(indicator: Indicateur) -> bool:
    """An indicator scored from one yes/no question: its sector figure is the share of
    « oui » (its mean score over 100), never a level."""
    return (isinstance(indicator.scoring, OptionsScoring) and len(indicator.questions) == 1
            and indicator.questions[0].type is QuestionType.YESNO)


def direction_of(indicator: Indicateur) -> str:
    """Which way the indicator's measure is better: the référentiel's ``direction``
    where it says it (the field of issue 17), else its bands' polarity, else higher."""
    said = getattr(indicator, "direction", None)
    if said is not None:
        return LOWER if str(getattr(said, "value", said)).lower() in (
            "lower", "lower_better", "bas", "moins") else HIGHER
    scoring = indicator.scoring
    if isinstance(scoring, BandsScoring) and scoring.polarity is Polarity.LOWER_BETTER:
        return LOWER
    return HIGHER


def _informational(ctx: SectorContext) -> set[str]:
    return {i.id for i in ctx.inputs.referentiel.indicateurs()
            if isinstance(i.scoring, InformationalScoring)}


def _tagged(ctx: SectorContext, stake: Stake) -> tuple[list[NodeInfo], list[NodeInfo]]:
    """The nodes tagged with the stake: scored ones, then informational ones (reported,
    never scored: they cannot be read as levels)."""
    tag, out = f"enjeu:{stake.key}", OUT_OF_STAKE.get(stake.key)
    moved = GOVERNANCE.get(stake.key, ())
    nodes = [n for n in node_infos(ctx.inputs.referentiel).values()
             if tag in n.tags and out not in n.tags and n.id not in moved]
    reported = _informational(ctx)
    return ([n for n in nodes if n.id not in reported], [n for n in nodes if n.id in reported])


def _slice(table: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    part = table[table["noeud"].astype(str).isin(ids)].reset_index(drop=True)
    part.attrs = dict(table.attrs)
    return part


def _named(labels: list[str], limit: int = 4) -> str:
    """« A », « B » et « C », or the first ``limit`` and how many more."""
    quoted = [f"« {label} »" for label in labels]
    if len(quoted) > limit:
        rest = len(quoted) - limit
        return ", ".join(quoted[:limit]) + f" et {rest} {'autre' if rest == 1 else 'autres'}"
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " et " + quoted[-1]


def _reading(ctx: SectorContext, table: pd.DataFrame, tagged: int) -> str:
    """Sentences written from the « Ensemble » rows of the stake's indicators (yes/no
    indicators are read as shares, in the table, not as levels)."""
    totals = table[table["ensemble"].astype(bool)]
    shown = totals[~totals["masque"].astype(bool) & totals["part_haut"].notna()
                   & ~totals["oui_non"].astype(bool)]
    tagged = tagged - int(totals["oui_non"].astype(bool).sum())
    high = ctx.high_label()
    attached = "est rattaché" if tagged == 1 else "sont rattachés"
    parts = [f"{count_text(tagged, 'indicateur')} du référentiel {attached} à cet enjeu"]
    hidden = tagged - len(shown)
    if hidden:
        parts.append(f"{count_text(hidden, 'indicateur')} "
                     f"{'n’est pas publié' if hidden == 1 else 'ne sont pas publiés'}, faute "
                     "de structures évaluées en nombre suffisant")
    if shown.empty:
        return ". ".join(parts) + "."
    half = shown[shown["part_haut"] >= 0.5]
    if half.empty:
        parts.append(f"sur aucun d'eux la moitié des structures n'atteint le {high}")
    else:
        parts.append(f"la moitié des structures ou plus atteint le {high} sur "
                     f"{count_text(len(half), 'indicateur')} sur {len(shown)} : "
                     + _named([str(x) for x in half["libelle"]]))
    best = shown.iloc[int(shown["part_haut"].to_numpy(dtype=float).argmax())]
    worst = shown.iloc[int(shown["part_haut"].to_numpy(dtype=float).argmin())]
    if len(shown) > 1:
        parts.append(f"la part au {high} la plus forte est sur « {best['libelle']} » "
                     f"({fr_percent(float(best['part_haut']))} des "
                     f"{count_text(best['n'], 'structure')} évaluées), la plus faible sur "
                     f"« {worst['libelle']} », où {fr_percent(1 - float(worst['part_haut']))} "
                     f"des structures restent sous le niveau {ctx.high_level.code}")
    thin = shown[shown["n"].astype(float) < LOW_SHARE * max(len(ctx.evaluated), 1)]
    if not thin.empty:
        verb = "n’a pu être évalué" if len(thin) == 1 else "n’ont pu être évalués"
        parts.append(f"{_named([str(x) for x in thin['libelle']])} {verb} que pour moins "
                     f"de {fr_percent(LOW_SHARE)} des structures : à lire avec prudence")
    return ". ".join(p[0].upper() + p[1:] for p in parts) + "."


def _governance(ctx: SectorContext, stake: Stake) -> Paragraph | None:
    """The governance indicators tagged with the stake but read under their dimension."""
    infos = node_infos(ctx.inputs.referentiel)
    moved = [infos[i] for i in GOVERNANCE.get(stake.key, ())
             if i in infos and f"enjeu:{stake.key}" in infos[i].tags]
    if not moved:
        return None
    dimension = ctx.dimension_labels.get(moved[0].dimension, "")
    verb = "relève" if len(moved) == 1 else "relèvent"
    return Paragraph(tone="note", text=(
        f"{_named([n.label for n in moved])} {verb} de la gouvernance de l'association, "
        "pas de sa professionnalisation : "
        + (f"{'il se lit' if len(moved) == 1 else 'ils se lisent'} dans la dimension "
           f"« {dimension} »." if dimension else "ils ne sont pas lus sous cet enjeu.")))


def _stake(ctx: SectorContext, stake: Stake, overall: pd.DataFrame,
           by_group: dict[str, pd.DataFrame]) -> Section:
    tagged, reported = _tagged(ctx, stake)
    blocks: list[Block] = [Paragraph(text=f"Ce que l'enjeu recouvre : {stake.scope}."),
                           *fact_blocks(ctx, stake.key)]
    if stake.key == "accompagnement":
        blocks += support_blocks(ctx)
    if governance := _governance(ctx, stake):
        blocks.append(governance)
    read = fact_sources(ctx, stake.key)
    if facts := [n for n in reported if n.id in read]:
        blocks.append(Paragraph(tone="note", text=(
            f"{_named([n.label for n in facts])} "
            f"{'est informatif' if len(facts) == 1 else 'sont informatifs'} (sans score "
            "ni niveau) : " + ("il se lit" if len(facts) == 1 else "ils se lisent")
            + " dans les faits du secteur ci-dessus, pas dans les indicateurs notés.")))
    if reported := [n for n in reported if n.id not in read]:
        verb = "est rattaché" if len(reported) == 1 else "sont rattachés"
        blocks.append(Paragraph(
            tone="note",
            text=f"{_named([n.label for n in reported])} {verb} aussi à cet enjeu, mais "
                 f"{'est informatif' if len(reported) == 1 else 'sont informatifs'} : "
                 "rapporté(s) dans les fiches, sans score ni niveau, donc absent(s) de "
                 "cette lecture."))
    if not tagged:
        blocks.append(Paragraph(
            tone="warning",
            text=f"Aucun indicateur noté du référentiel {ctx.inputs.referentiel.ref} n'est "
                 f"rattaché à cet enjeu (étiquette « enjeu:{stake.key} ») : cette synthèse "
                 "ne peut pas en rendre compte."))
        return Section(id=f"enjeu-{stake.key}", title=stake.title, level=2,
                       blocks=tuple(blocks))
    ids = [n.id for n in tagged]
    mine = _described(ctx, _slice(overall, ids))
    blocks.append(Paragraph(text=_reading(ctx, mine, len(tagged))))
    table = table_from(mine, id=f"enjeu-{stake.key}",
                       caption=f"Indicateurs de l'enjeu « {stake.title} »",
                       columns=_stake_columns(ctx), thresholds=ctx.thresholds,
                       note=levels_note(ctx) + " " + YES_NO_NOTE)
    blocks.append(TableBlock(table=table))
    if note := masked_note(table):
        blocks.append(note)
    labels = {n.id: n.label for n in tagged}
    scored = [i for i in ids if not bool(mine.loc[mine["noeud"] == i, "oui_non"].any())]
    size = -(-len(scored) // -(-len(scored) // HEAT_COLUMNS)) if scored else 1
    parts = [scored[i:i + size] for i in range(0, len(scored), size)]
    for by, group in by_group.items():
        local = _slice(group, ids)
        for k, part in enumerate(parts if not local.empty else []):
            suffix = f" ({k + 1}/{len(parts)})" if len(parts) > 1 else ""
            name = BY_LABELS.get(by, by)
            chart = heatmap(heat_table(local, by, {i: labels[i] for i in part}, "moyenne"),
                            name, ctx.levels, statistic="moyenne", head_lines=4,
                            title=f"Score moyen par {name.lower()} des indicateurs de "
                                  f"l'enjeu « {stake.title} »{suffix}")
            blocks.append(chart_block(chart, f"graphique-enjeu-{stake.key}-{by}-{k + 1}"))
    return Section(id=f"enjeu-{stake.key}", title=stake.title, level=2, blocks=tuple(blocks))


YES_NO_NOTE = ("Un indicateur oui/non se lit comme la part des structures qui répondent "
               "« oui » (sa moyenne sur 100) : ni médiane ni niveau. Nature : réalisation "
               "(ce qui est fait), résultat (effet direct) ou impact (effet à plus long "
               "terme). Sens : de quel côté la mesure est meilleure ; le score, lui, est "
               "toujours d'autant meilleur qu'il est haut.")


def _described(ctx: SectorContext, table: pd.DataFrame) -> pd.DataFrame:
    """The stake's rows with each indicator's label, kind, direction, and its share of
    « oui » in place of median and levels when it is a yes/no indicator."""
    indicators = {i.id: i for i in ctx.inputs.referentiel.indicateurs()}
    yes_no = table["noeud"].map(lambda i: is_yes_no(indicators[i]) if i in indicators
                                else False).astype(bool)
    out = table.assign(
        nature=table["noeud"].map(lambda i: KINDS.get(indicators[i].kind, "")
                                  if i in indicators else ""),
        sens=table["noeud"].map(lambda i: direction_of(indicators[i])
                                if i in indicators else ""),
        oui_non=yes_no.to_numpy(),
        part_oui=(table["moyenne"].astype(float) / 100).where(yes_no.to_numpy()),
        noeud=table["libelle"].astype(str))
    for column in ("mediane", "part_haut"):
        out[column] = out[column].astype(float).mask(yes_no.to_numpy())
    out.attrs = dict(table.attrs)
    return out


def _stake_columns(ctx: SectorContext) -> list[Column]:
    return [Column(key="noeud", label="Indicateur"), Column(key="nature", label="Nature"),
            Column(key="sens", label="Sens"),
            Column(key="n", label="Structures", kind="count", stat=True),
            Column(key="mediane", label="Médiane", kind="score", stat=True),
            Column(key="moyenne", label="Moyenne", kind="score", stat=True),
            Column(key="part_haut", label=f"Au {ctx.high_label()}", kind="share",
                   stat=True),
            Column(key="part_oui", label="Part de « oui »", kind="share", stat=True)]


def stake_sections(ctx: SectorContext) -> list[Section]:
    """An introduction, then one section per stake."""
    overall = ctx.table("enjeux:ensemble")
    overall = overall.assign(part_haut=high_share(overall, ctx))
    by_group = {by: ctx.labelled(ctx.table(f"enjeux:{by}"), by)
                for by in ("departement", "taille") if f"enjeux:{by}" in ctx.publication.tables}
    intro = Section(id="enjeux", title="Lecture par les quatre enjeux régionaux", blocks=(
        Paragraph(text="Le travail sectoriel régional a dégagé quatre enjeux : structurer le "
                       "secteur, décloisonner les projets et les acteurs dans les "
                       "territoires, professionnaliser les structures, renforcer la chaîne "
                       "de l'accompagnement. Chaque enjeu se lit d'abord par des faits du "
                       "secteur (parts et nombres de structures, tirés de leurs réponses), "
                       "puis par les indicateurs que le référentiel y rattache, indicateur "
                       "par indicateur, sans note globale."),))
    return [intro, *(_stake(ctx, s, overall, by_group) for s in STAKES)]
