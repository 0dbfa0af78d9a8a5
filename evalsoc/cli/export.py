"""``evalsoc export``: a campaign's tables, per structure and per sector."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import click

from evalsoc.cli.common import Exit, refusals
from evalsoc.cli.ingest import existing_db_option
from evalsoc.cli.target import path_of
from evalsoc.exports.campaign import (
    DEFAULT_BY,
    EXPORT_FORMATS,
    campaign_tables,
    free_texts,
    write_tables,
)
from evalsoc.publish.inputs import ExtraFigures, load_sector_inputs
from evalsoc.publish.notes import publication_notes
from evalsoc.publish.publication import STANDARD_BY, Publication
from evalsoc.stats import SecrecyRules
from evalsoc.store.frames import Store
from evalsoc.store.target import Target
from evalsoc.support.outputs import check_outputs

__all__ = ["export", "publication_of", "secrecy_options", "secrecy_rules"]


F = TypeVar("F", bound=Callable[..., Any])


def secrecy_options(func: F) -> F:
    func = click.option("--protection", type=click.FloatRange(0, 50), default=10.0,
                        show_default=True,
                        help="Incertitude (en points sur 100, en % pour les montants) que "
                             "la vérification d'ensemble garantit sur tout résultat non "
                             "publié d'une structure.")(func)
    func = click.option("--dominance", type=click.FloatRange(0.5, 1.0), default=0.85,
                        show_default=True,
                        help="Part maximale d'une structure dans un total publié.")(func)
    return click.option("--seuil", type=click.IntRange(1, 100), default=3, show_default=True,
                        help="Nombre minimal de structures par case publiée. L'abaisser "
                             "sous 3 est possible mais écrit dans les notes.")(func)


def secrecy_rules(seuil: int, dominance: float, protection: float) -> SecrecyRules:
    return SecrecyRules(min_structures=seuil, dominance=dominance, protection=protection)


def publication_of(store: Store, campaign: str, previous: str | None,
                   rules: SecrecyRules, by: tuple[str, ...] = (),
                   extras: tuple[ExtraFigures, ...] = ()) -> Publication:
    """The campaign's publication, or a French usage error (unknown campaign or
    grouping column); campaigns that cannot be compared are refused by the library
    (SectorInputError)."""
    known = store.campaign_names()
    for name, hint in ((campaign, "--campagne"), (previous, "--precedente")):
        if name and name not in known:
            raise click.BadParameter(f"campagne « {name} » inconnue ; campagnes : "
                                     f"{', '.join(known) or 'aucune'}.", param_hint=hint)
    inputs = load_sector_inputs(store, campaign, previous)
    columns = [c for c in inputs.structures.columns if c not in ("structure_id", "consentement")]
    unknown = [b for b in by if b not in columns]
    if unknown:
        raise click.BadParameter(f"colonne inconnue : {', '.join(unknown)} ; colonnes du "
                                 f"registre : {', '.join(columns)}.", param_hint="--par")
    return Publication(replace(inputs, extras=(*inputs.extras, *extras)), rules,
                       by=(*STANDARD_BY, *by))


@click.command()
@click.option("--campagne", "campaign", required=True, help="Nom de la campagne.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Fichier à écrire : .xlsx (un onglet par tableau), .json, .csv ou "
                   ".parquet (un fichier par tableau, à côté du premier).")
@click.option("--par", "by", default=",".join(DEFAULT_BY), show_default=True,
              help="Colonnes du registre par lesquelles ventiler les tableaux sectoriels.")
@click.option("--precedente", "previous", help="Campagne précédente, pour l'évolution.")
@existing_db_option
@secrecy_options
@click.pass_context
@refusals
def export(ctx: click.Context, campaign: str, output: Path, by: str, previous: str | None,
           db: Target, seuil: int, dominance: float, protection: float) -> None:
    """Exporte les tableaux d'une campagne : scores des structures nommées avec leur
    accord, et tableaux sectoriels protégés par le secret statistique.

    Tous les chiffres publiés pour la campagne (cet export, la synthèse, les médianes des
    fiches, la campagne précédente) sont vérifiés ensemble : aucun résultat d'une
    structure qui n'a pas accepté d'être nommée ne peut en être déduit. Les textes des
    répondants sont toujours écrits comme du texte, jamais comme des formules.

    \b
    Exemple :
      evalsoc export --campagne 2025 --precedente 2024 -o exports/campagne-2025.xlsx
    """
    if output.suffix.lower() not in EXPORT_FORMATS:
        raise click.BadParameter(f"format non pris en charge : {output.suffix or '(aucun)'} ; "
                                 f"formats : {', '.join(EXPORT_FORMATS)}.", param_hint="-o")
    check_outputs({output: "-o"}, path_of(db))  # never over the base it reads
    rules = secrecy_rules(seuil, dominance, protection)
    columns = tuple(b.strip() for b in by.split(",") if b.strip())
    with Store(db) as store:
        publication = publication_of(store, campaign, previous, rules, columns)
        tables = campaign_tables(publication, free_texts(store, publication), columns)
    if output.suffix.lower() == ".parquet" and importlib.util.find_spec("pyarrow") is None:
        raise click.ClickException("le format Parquet demande pyarrow : "
                                   "pip install 'evalsoc[parquet]'.")
    written = write_tables(output, tables)
    for note in publication_notes(publication):
        click.echo(f"Note : {note}")
    click.echo(f"{len(tables)} tableau(x) écrit(s) :")
    for path in written:
        click.echo(f"  {path}")
    ctx.exit(Exit.OK)
