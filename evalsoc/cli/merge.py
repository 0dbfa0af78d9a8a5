"""``evalsoc merge``: the bases of several consultants into one."""

from __future__ import annotations

from pathlib import Path

import click

from evalsoc.cli.common import (
    Exit,
    RegularFile,
    echo_issues,
    json_option,
    refusals,
    write_json,
)
from evalsoc.cli.progress import bar
from evalsoc.cli.target import StoreParam, db_option
from evalsoc.store.merge import MergeSummary, merge
from evalsoc.store.submit import VersionRule
from evalsoc.store.target import Target
from evalsoc.structures.registry import read_structures

__all__ = ["merge_command"]


@click.command("merge")
@click.argument("sources", nargs=-1, required=True, type=StoreParam(), metavar="BASES...")
@click.option("--campagne", "campaigns", multiple=True, metavar="NOM",
              help="Ne fusionne que cette campagne (option répétable). Par défaut : toutes "
                   "les campagnes des bases sources.")
@click.option("--structures", "registry", type=RegularFile(),
              help="Registre des structures (CSV) qui fait foi : il tranche les différences "
                   "entre les bases (nom, département…) et s'ajoute aux structures "
                   "attendues des campagnes fusionnées.")
@click.option("--version-de", "rule", type=click.Choice([r.value for r in VersionRule]),
              default=VersionRule.PASSAGE.value, show_default=True,
              help="Quelle version d'un classeur compte, comme pour « evalsoc ingest » : "
                   "« passage », la dernière arrivée dans la base (dans une même fusion, "
                   "la plus récente par la date du fichier) ; « date », la plus récente par "
                   "la date du fichier.")
@db_option
@json_option
@click.option("--quiet", "-q", is_flag=True, help="Pas de barre de progression.")
@click.pass_context
@refusals
def merge_command(ctx: click.Context, sources: tuple[Target, ...], campaigns: tuple[str, ...],
                  registry: Path | None, rule: str, db: Target, as_json: bool,
                  quiet: bool) -> None:
    """Fusionne dans la base --db les bases d'autres consultants (fichiers SQLite ou
    serveurs PostgreSQL), comme si une seule base avait reçu tous leurs classeurs.

    Un même fichier présent dans plusieurs bases n'est enregistré qu'une fois ; la
    version d'un classeur qui compte est décidée comme par « evalsoc ingest » ; les
    structures sont notées de nouveau avec tous les questionnaires individuels réunis.
    Une campagne d'un autre référentiel ou d'une autre année n'est pas fusionnée. Deux
    bases qui ne donnent pas le même nom (ou département…) à une structure arrêtent la
    fusion avant toute écriture : le registre donné avec --structures tranche ; deux
    consentements différents donnent le plus strict. Les bases sources ne sont jamais
    modifiées ; l'ordre des bases ne change rien ; relancer la commande ne change rien ;
    une fusion interrompue se reprend.

    Code de sortie 1 si la fusion est arrêtée ou si une campagne n'est pas fusionnée ;
    2 si une base ne peut pas servir.

    \b
    Exemple :
      evalsoc merge marie.sqlite paul.sqlite --db region.sqlite
    """
    structures = []
    registry_ok = True
    if registry is not None:
        found = read_structures(registry)
        echo_issues(found.issues)
        structures, registry_ok = list(found.structures), found.valid
    summary = merge(list(sources), db, campaigns, structures, VersionRule(rule),
                    notify=_tell, progress=bar("Fusion", quiet or as_json))
    if as_json:
        write_json(summary)
    else:
        _render(summary)
    ctx.exit(Exit.PROBLEMS if summary.problems or not registry_ok else Exit.OK)


def _tell(message: str) -> None:
    click.secho(f"Attention : {message}", fg="yellow", err=True)



def _render(summary: MergeSummary) -> None:
    click.echo(f"Fusion dans {summary.target} de {len(summary.sources)} base(s) : "
               + ", ".join(summary.sources))
    for issue in summary.conflicts:
        click.secho(f"Conflit : [{issue.code}] {issue.message}", fg="red")
    if summary.conflicts:
        click.secho("Rien n'a été fusionné.", fg="red", bold=True)
    for issue in summary.refused:
        click.secho(f"Non fusionnée : [{issue.code}] {issue.message}", fg="red")
    for c in summary.campaigns:
        click.echo(f"Campagne « {c.campaign} » : {c.found} envoi(s) dans les sources")
        click.echo(f"  fusionnés : {c.merged} ({c.valid} valide(s), {c.rejected} "
                   f"refusé(s))")
        click.echo(f"  déjà dans la base : {c.known}")
        click.echo(f"  en double dans les sources : {c.duplicates}")
        click.echo(f"  remplacés par une version fusionnée : {c.superseded}")
        if c.quotes >= 0:
            click.echo(f"  citations choisies (réunies) : {c.quotes}")
        for issue in c.versions:
            click.secho(f"Attention : {issue.render()}", fg="yellow")
    for issue in summary.notes:
        click.secho(f"Note : [{issue.code}] {issue.message}", fg="yellow")
