"""``evalsoc report``: the reports of a campaign, one subcommand per kind of report.

:mod:`evalsoc.reports` pulls in matplotlib and Typst (a third of a second): it is
imported inside the commands, so that the other commands do not pay for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

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
from evalsoc.cli.target import existing_db_option
from evalsoc.store.target import Target

if TYPE_CHECKING:
    from evalsoc.reports.fiche.batch import FicheBatch

__all__ = ["report"]

FORMATS = ("html", "pdf", "odt")  # as evalsoc.reports.base.FORMATS (a test checks)
LISTED = 10  # fiches named one by one in the summary; beyond, the folder only


class _Reports(click.Group):
    """``report sector`` is imported when used: its statistics (pandas) stay out of
    ``report structure``, whose calling process only hands fiches out."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), "sector", "observation", "attractivite"})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name == "sector" and cmd_name not in self.commands:
            from evalsoc.cli.report_sector import sector  # noqa: PLC0415 - see above

            self.add_command(sector)
        if cmd_name == "attractivite" and cmd_name not in self.commands:
            from evalsoc.cli.report_attractiveness import attractivite  # noqa: PLC0415

            self.add_command(attractivite)
        if cmd_name == "observation" and cmd_name not in self.commands:
            from evalsoc.cli.report_observation import observation  # noqa: PLC0415

            self.add_command(observation)
        return super().get_command(ctx, cmd_name)


@click.group(cls=_Reports)
def report() -> None:
    """Produit les rapports d'une campagne enregistrée : la fiche de chaque structure
    (HTML, PDF et ODT modifiable), la synthèse sectorielle et, pour une campagne
    d'observation, le rapport des chiffres clés (OPP) ou la grille des conditions
    d'attractivité rurale.

    \b
    Exemple :
      evalsoc report structure --campagne 2025 -o fiches/
    """


def _formats(_ctx: click.Context, _param: click.Parameter, value: str) -> tuple[str, ...]:
    from evalsoc.reports.base import parse_formats  # noqa: PLC0415 - see the docstring

    try:
        return parse_formats(value)
    except ValueError as err:
        raise click.BadParameter(f"format inconnu : {err}. Formats possibles : "
                                 f"{', '.join(FORMATS)}.") from err


def _echo(batch: FicheBatch, formats: tuple[str, ...]) -> None:
    names = [f.upper() for f in formats]
    kinds = " et ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
    written = batch.written
    click.echo(f"Campagne « {batch.campaign} » : {len(written)} fiche(s) structure ({kinds}) "
               f"dans {batch.out_dir}")
    for done in written[:LISTED]:
        click.echo(f"  {done.name} : {done.paths[0]}")
    if len(written) > LISTED:
        click.echo(f"  … et {len(written) - LISTED} autre(s) dans le même dossier.")
    if batch.conditions is not None:
        click.echo(f"Conditions d'attractivité (campagne « {batch.conditions} ») jointes à "
                   f"{batch.joined} fiche(s).")
    echo_issues(batch.issues)
    if written and "html" in formats:
        click.echo("Ouvrez les fichiers .html dans un navigateur : ils ne chargent rien "
                   "d'Internet et s'impriment tels quels.")
    if written and "pdf" in formats:
        click.echo("Les fichiers .pdf sont prêts à imprimer ou à envoyer.")
    if written and "odt" in formats:
        click.echo("Les fichiers .odt s'ouvrent dans LibreOffice Writer ou Word, pour "
                   "relire et compléter avant d'envoyer.")
    for problem in [*batch.problems, *(d.problem for d in batch.failed)]:
        click.secho(f"  {problem}", fg="red", err=True)


@report.command()
@click.option("--campagne", "campaign", required=True, help="Nom de la campagne enregistrée.")
@existing_db_option
@click.option("--structure", "structures", multiple=True, metavar="ID",
              help="Identifiant d'une structure (option répétable). Par défaut : toutes les "
                   "structures qui ont un questionnaire valide dans la campagne.")
@click.option("-o", "--output", "out_dir", required=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Dossier où écrire les fiches (créé s'il n'existe pas).")
@click.option("--format", "formats", default=",".join(FORMATS), show_default=True,
              callback=_formats, help="Formats à produire, séparés par des virgules.")
@click.option("--sans-citations", "no_quotes", is_flag=True,
              help="N'inclut aucune réponse libre des répondants (citations).")
@click.option("--attractivite", "grid", metavar="CAMPAGNE",
              help="Campagne de la grille des conditions d'attractivité rurale "
                   "(attractivite-rurale) à joindre aux fiches, par identifiant de "
                   "structure. Sans elle : la campagne elle-même quand elle pose la grille.")
@click.option("--densite", "density", type=RegularFile(),
              help="Avec la grille : la grille communale de densité de l'INSEE (CSV : "
                   "CODGEO, DENS) pour le type de territoire (R1).")
@json_option
@workers_option
@click.pass_context
@refusals
def structure(ctx: click.Context, campaign: str, db: Target, structures: tuple[str, ...],
              out_dir: Path, formats: tuple[str, ...], no_quotes: bool, grid: str | None,
              density: Path | None, as_json: bool, workers: int | None, quiet: bool
              ) -> None:
    """Écrit la fiche de chaque structure : son profil par dimension, ses points forts,
    ses points de vigilance et les pistes d'action, le regard de chaque groupe de
    répondants, des citations sans nom, et ce qui n'a pas pu être évalué, avec la
    raison. Quand la campagne pose aussi l'autodiagnostic financier, la fiche
    financière (une page : les ratios sur trois exercices, leurs bandes, les alertes, ce
    qui est à discuter avec un chargé de mission DLA) en est la dernière page ; une
    structure qui n'a donné que ses comptes reçoit la fiche financière seule. Quand la
    structure a rempli la grille d'attractivité rurale (dans la campagne, ou dans celle
    que donne --attractivite), ses conditions R1 à R12 s'y joignent, avant la fiche
    financière : lues à côté du profil, jamais notées.

    La fiche est le document de la structure : elle est produite pour chacune, quel que
    soit son consentement à la publication (qui ne concerne que la synthèse
    sectorielle). Code de sortie 1 si une structure demandée n'a pas de fiche.

    \b
    Exemples :
      evalsoc report structure --campagne 2025 -o fiches/
      evalsoc report structure --campagne 2025 --structure S0001 --format pdf -o fiches/
      evalsoc report structure --campagne 2025 --attractivite rural-2025 -o fiches/
    """
    from evalsoc.reports.fiche.batch import build_fiches  # noqa: PLC0415 - see the docstring

    batch = build_fiches(db, campaign, out_dir, structures or None, formats, workers,
                         progress=bar("Fiches", quiet or as_json), quotes=not no_quotes,
                         grid=grid, density=density)
    if as_json:
        write_json(batch)
    else:
        _echo(batch, formats)
    ctx.exit(Exit.OK if batch.ok else Exit.PROBLEMS)

