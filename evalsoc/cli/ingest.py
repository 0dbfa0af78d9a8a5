"""``evalsoc ingest``: workbooks into a campaign of the store."""

from __future__ import annotations

from pathlib import Path

import click

from evalsoc.catalogue import Code
from evalsoc.cli.common import (
    Exit,
    RegularFile,
    echo_issues,
    json_option,
    refusals,
    workers_option,
    write_json,
)
from evalsoc.cli.progress import bar
from evalsoc.cli.target import db_option, existing_db_option
from evalsoc.issues import make_issue
from evalsoc.store.ingest import IngestSummary, VersionRule
from evalsoc.store.ingest import ingest as run_ingest
from evalsoc.store.target import Target
from evalsoc.structures.registry import read_structures

__all__ = ["db_option", "existing_db_option", "ingest"]


@click.command()
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path), metavar="CHEMINS...")
@click.option("--campagne", "campaign", required=True,
              help="Nom de la campagne (créée au premier classeur valide).")
@click.option("--annee", "year", type=click.IntRange(1990, 2100),
              help="Année de la campagne, à sa création (par défaut : l'année en cours).")
@click.option("--structures", "registry", type=RegularFile(),
              help="Registre des structures (CSV) : nom, département, territoire, "
                   "discipline, consentement… Il fait foi sur l'onglet Identification.")
@click.option("--version-de", "rule", type=click.Choice([r.value for r in VersionRule]),
              default=VersionRule.PASSAGE.value, show_default=True,
              help="Quelle version d'un classeur compte : « passage », le dernier "
                   "enregistré (dans un même passage, le plus récent par la date du "
                   "fichier) ; « date », le plus récent par la date du fichier, même "
                   "arrivé avant. Un fichier plus ancien que celui qu'il remplace, ou "
                   "écarté, est toujours signalé.")
@db_option
@json_option
@workers_option
@click.pass_context
@refusals
def ingest(ctx: click.Context, paths: tuple[Path, ...], campaign: str, year: int | None,
           registry: Path | None, rule: str, db: Target, as_json: bool, workers: int | None,
           quiet: bool) -> None:
    """Enregistre des classeurs (fichiers ou dossiers) dans une campagne.

    Un même fichier déposé deux fois n'est enregistré qu'une fois ; un classeur corrigé
    remplace le précédent de la même structure, qui est conservé. Chaque classeur est
    enregistré d'un bloc : une interruption ne laisse jamais de classeur à moitié
    enregistré, et relancer la commande reprend là où elle s'était arrêtée.

    Code de sortie 1 s'il reste des fichiers refusés sans version corrigée arrivée
    depuis ; 2 si la base ne peut pas servir (occupée, endommagée, d'une autre
    application) ou si les chemins ne contiennent aucun classeur.

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
    summary = run_ingest(paths, campaign, db, year, workers, structures,
                         progress=bar("Enregistrement", quiet or as_json),
                         rule=VersionRule(rule), notify=_tell)
    if as_json:
        write_json(summary)
    else:
        _render(summary, db)
    failed = summary.problems or not registry_ok
    ctx.exit(Exit.PROBLEMS if failed else Exit.OK)


def _tell(message: str) -> None:
    click.secho(f"Attention : {message}", fg="yellow", err=True)


def _render(summary: IngestSummary, db: Target) -> None:
    click.echo(f"Campagne « {summary.campaign} » ({db}) : {summary.files} fichier(s)")
    click.echo(f"  enregistrés : {summary.ingested} (dont {summary.individual} "
               f"questionnaire(s) individuel(s))")
    click.echo(f"  déjà connus : {summary.known}")
    for copy, first in summary.duplicates:
        click.echo(f"    {copy} : copie identique de {first}")
    for file in summary.known_rejected:
        issue = make_issue(Code.DB_REFUSED_AGAIN, file=file)
        click.secho(f"    {file} : [{issue.code}] {issue.message}", fg="red")
    click.echo(f"  remplacés par une version corrigée : {summary.superseded}")
    click.echo(f"  rejetés : {len(summary.rejected)}")
    for file, causes in summary.rejected:
        click.secho(f"    {file}", fg="red")
        for cause in causes[:5]:
            click.echo(f"      - {cause}")
        if len(causes) > 5:
            click.echo(f"      … et {len(causes) - 5} autre(s) : evalsoc check {file}")
    for file, by in summary.corrected:
        issue = make_issue(Code.DB_REFUSED_CORRECTED, file=file, other=by)
        click.echo(f"  {file} : [{issue.code}] {issue.message}")
    for issue in summary.versions:
        click.secho(f"Attention : {issue.render()}", fg="yellow")
    if summary.waiting:
        click.echo(f"  questionnaires individuels en attente de leur structure (XL030) : "
                   f"{len(summary.waiting)}")
        for file in summary.waiting:
            click.secho(f"    {file}", fg="yellow")
    for note in summary.notes:
        click.echo(f"Note : {note}")
