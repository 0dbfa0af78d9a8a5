"""``evalsoc ingest``: workbooks into a campaign of the store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from evalsoc.cli.check import workers_option
from evalsoc.cli.common import Exit, echo_issues, json_option, write_json
from evalsoc.cli.progress import bar
from evalsoc.excel.structures import read_structures
from evalsoc.store.db import DEFAULT_DB
from evalsoc.store.ingest import ingest as run_ingest
from evalsoc.store.schema import StoreVersionError

__all__ = ["db_option", "existing_db_option", "ingest"]


F = TypeVar("F", bound=Callable[..., Any])


def db_option(func: F) -> F:
    """--db for the command that writes the store (created when absent)."""
    return click.option("--db", type=click.Path(dir_okay=False, path_type=Path),
                        default=DEFAULT_DB, show_default=True,
                        help="Fichier de la base SQLite (créé s'il n'existe pas).")(func)


def existing_db_option(func: F) -> F:
    """--db for the commands that only read the store."""
    return click.option("--db", type=click.Path(dir_okay=False, path_type=Path),
                        default=DEFAULT_DB, show_default=True,
                        help="Fichier de la base SQLite, remplie par « evalsoc ingest ».")(func)


@click.command()
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path), metavar="CHEMINS...")
@click.option("--campagne", "campaign", required=True,
              help="Nom de la campagne (créée au premier classeur valide).")
@click.option("--annee", "year", type=click.IntRange(1990, 2100),
              help="Année de la campagne, à sa création (par défaut : l'année en cours).")
@click.option("--structures", "registry", type=click.Path(exists=True, dir_okay=False,
                                                          path_type=Path),
              help="Registre des structures (CSV) : nom, département, territoire, "
                   "discipline, consentement… Il fait foi sur l'onglet Identification.")
@db_option
@json_option
@workers_option
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[Path, ...], campaign: str, year: int | None,
           registry: Path | None, db: Path, as_json: bool, workers: int | None,
           quiet: bool) -> None:
    """Enregistre des classeurs (fichiers ou dossiers) dans une campagne.

    Un même fichier déposé deux fois n'est enregistré qu'une fois ; un classeur corrigé
    remplace le précédent de la même structure, qui est conservé. Chaque classeur est
    enregistré d'un bloc : une interruption ne laisse jamais de classeur à moitié
    enregistré, et relancer la commande reprend là où elle s'était arrêtée.

    \b
    Exemple :
      evalsoc ingest retours/ --campagne 2025 --annee 2025 --structures structures.csv
    """
    structures = None
    registry_ok = True
    if registry is not None:
        found = read_structures(registry)
        echo_issues(found.issues)
        structures, registry_ok = found.structures, found.valid
    try:
        summary = run_ingest(paths, campaign, db, year, workers, structures,
                             progress=bar("Enregistrement", quiet or as_json))
    except StoreVersionError as err:
        raise click.ClickException(f"la base {db} vient d'une version plus récente "
                                   f"d'evalsoc ({err}) : mettez evalsoc à jour.") from err
    if as_json:
        write_json({"campagne": summary.campaign, "fichiers": summary.files,
                    "enregistres": summary.ingested, "deja_connus": summary.known,
                    "remplaces": summary.superseded, "individuels": summary.individual,
                    "rejetes": [{"fichier": f, "causes": c} for f, c in summary.rejected],
                    "deja_rejetes": summary.known_rejected,
                    "copies": [{"fichier": f, "copie_de": o} for f, o in summary.duplicates],
                    "en_attente": summary.waiting, "notes": summary.notes})
    else:
        click.echo(f"Campagne « {summary.campaign} » ({db}) : {summary.files} fichier(s)")
        click.echo(f"  enregistrés : {summary.ingested} (dont {summary.individual} "
                   f"questionnaire(s) individuel(s))")
        click.echo(f"  déjà connus : {summary.known}")
        for copy, first in summary.duplicates:
            click.echo(f"    {copy} : copie identique de {first}")
        for file in summary.known_rejected:
            click.secho(f"    {file} : déjà refusé, renvoyé sans correction", fg="red")
        click.echo(f"  remplacés par une version corrigée : {summary.superseded}")
        click.echo(f"  rejetés : {len(summary.rejected)}")
        for file, causes in summary.rejected:
            click.secho(f"    {file}", fg="red")
            for cause in causes[:5]:
                click.echo(f"      - {cause}")
            if len(causes) > 5:
                click.echo(f"      … et {len(causes) - 5} autre(s) : evalsoc check {file}")
        if summary.waiting:
            click.echo(f"  questionnaires individuels en attente de leur structure (XL030) : "
                       f"{len(summary.waiting)}")
            for file in summary.waiting:
                click.secho(f"    {file}", fg="yellow")
        for note in summary.notes:
            click.echo(f"Note : {note}")
    failed = summary.problems or not registry_ok
    ctx.exit(Exit.PROBLEMS if failed else Exit.OK)
