"""``evalsoc export``: a campaign's tables, per structure and per sector."""

from __future__ import annotations

import importlib.util
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from evalsoc.cli.common import Exit, environment_errors
from evalsoc.cli.ingest import existing_db_option
from evalsoc.exports.campaign import DEFAULT_BY, EXPORT_FORMATS, campaign_tables, write_tables
from evalsoc.outputs import check_outputs
from evalsoc.stats import SecrecyRules, StatsInputError
from evalsoc.store.frames import Store

__all__ = ["export", "secrecy_options"]


F = TypeVar("F", bound=Callable[..., Any])


def secrecy_options(func: F) -> F:
    func = click.option("--dominance", type=click.FloatRange(0.5, 1.0), default=0.85,
                        show_default=True,
                        help="Part maximale d'une structure dans un total publié.")(func)
    return click.option("--seuil", type=click.IntRange(1, 100), default=3, show_default=True,
                        help="Nombre minimal de structures par case publiée. L'abaisser "
                             "sous 3 est possible mais écrit dans les notes.")(func)


@click.command()
@click.option("--campagne", "campaign", required=True, help="Nom de la campagne.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Fichier à écrire : .xlsx (un onglet par tableau), .json, .csv ou "
                   ".parquet (un fichier par tableau, à côté du premier).")
@click.option("--par", "by", default=",".join(DEFAULT_BY), show_default=True,
              help="Colonnes du registre par lesquelles ventiler les tableaux sectoriels.")
@click.option("--precedente", "previous", help="Campagne précédente, pour l'évolution.")
@click.option("--cle", "key", envvar="EVALSOC_CLE_PSEUDONYMES",
              help="Clé secrète des pseudonymes « Structure n° K » (ou la variable "
                   "EVALSOC_CLE_PSEUDONYMES) : la même clé redonne les mêmes pseudonymes "
                   "d'un export à l'autre. Sans clé, une clé aléatoire est tirée.")
@existing_db_option
@secrecy_options
@click.pass_context
@environment_errors
def export(ctx: click.Context, campaign: str, output: Path, by: str, previous: str | None,
           key: str | None, db: Path, seuil: int, dominance: float) -> None:
    """Exporte les tableaux d'une campagne : scores par structure (noms seulement avec
    consentement) et tableaux sectoriels protégés par le secret statistique.

    Les textes des répondants sont toujours écrits comme du texte, jamais comme des
    formules.

    \b
    Exemple :
      evalsoc export --campagne 2025 --precedente 2024 -o exports/campagne-2025.xlsx
    """
    if output.suffix.lower() not in EXPORT_FORMATS:
        raise click.BadParameter(f"format non pris en charge : {output.suffix or '(aucun)'} ; "
                                 f"formats : {', '.join(EXPORT_FORMATS)}.", param_hint="-o")
    check_outputs({output: "-o"}, [db])  # never over the base it reads
    rules = SecrecyRules(min_structures=seuil, dominance=dominance)
    notes = [] if key else ["Pseudonymes tirés avec une clé aléatoire pour cet export : "
                            "donnez --cle pour les retrouver d'un export à l'autre."]
    try:
        with Store(db) as store:
            known = store.campaign_names()
            for name, hint in ((campaign, "--campagne"), (previous, "--precedente")):
                if name and name not in known:
                    raise click.BadParameter(f"campagne « {name} » inconnue ; campagnes : "
                                             f"{', '.join(known) or 'aucune'}.",
                                             param_hint=hint)
            columns = [b.strip() for b in by.split(",") if b.strip()]
            tables = campaign_tables(store, campaign, columns, rules, previous,
                                     key or secrets.token_hex(16))
    except StatsInputError as err:
        raise click.BadParameter(str(err), param_hint="--par") from err
    if output.suffix.lower() == ".parquet" and importlib.util.find_spec("pyarrow") is None:
        raise click.ClickException("le format Parquet demande pyarrow : "
                                   "pip install 'evalsoc[parquet]'.")
    written = write_tables(output, tables)
    for note in [*rules.notes(), *notes]:
        click.echo(f"Note : {note}")
    click.echo(f"{len(tables)} tableau(x) écrit(s) :")
    for path in written:
        click.echo(f"  {path}")
    ctx.exit(Exit.OK)
