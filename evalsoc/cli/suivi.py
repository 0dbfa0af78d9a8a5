"""``evalsoc suivi``: the campaign desk, on the terminal, in JSON or in a spreadsheet."""

from __future__ import annotations

from pathlib import Path

import click

from evalsoc.catalogue import Code
from evalsoc.cli.common import (
    Exit,
    RegularFile,
    echo_issues,
    json_option,
    problem,
    refusals,
    write_json,
)
from evalsoc.cli.ingest import existing_db_option
from evalsoc.cli.target import path_of
from evalsoc.exports.desk import write_desk
from evalsoc.issues import make_issue
from evalsoc.referentiel.registry import resolve
from evalsoc.store.db import open_store
from evalsoc.store.desk import LAST_REFUSED, NOTHING, RECEIVED, REFUSED, Desk, campaign_desk
from evalsoc.store.target import Target
from evalsoc.structures.registry import read_structures
from evalsoc.support.outputs import check_outputs

__all__ = ["suivi"]

_NAME = 34  # characters of a name shown in the table


@click.command()
@click.option("--campagne", "campaign", required=True, help="Nom de la campagne.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Écrit aussi le tableau de suivi dans ce classeur .xlsx : une ligne par "
                   "structure, prêt pour un publipostage de relances.")
@click.option("--structures", "registry", type=RegularFile(),
              help="Registre des structures (CSV) attendu pour la campagne, à la place de "
                   "celui enregistré avec elle ; ses autres colonnes (courriel, contact…) "
                   "sont recopiées dans le tableau.")
@existing_db_option
@json_option
@click.pass_context
@refusals
def suivi(ctx: click.Context, campaign: str, output: Path | None, registry: Path | None,
          db: Target, as_json: bool) -> None:
    """Le tableau de bord d'une campagne : pour chaque structure du registre, ce qui est
    arrivé ou non, si la version qui compte est valide, les envois refusés et remplacés,
    les questionnaires individuels et les répondants reçus par groupe, le dernier
    fichier et sa date, et s'il faut relancer (avec le motif, à reprendre dans la
    relance). La base n'est jamais modifiée.

    \b
    Exemples :
      evalsoc suivi --campagne 2025
      evalsoc suivi --campagne 2025 -o relances-2025.xlsx
    """
    if output is not None and output.suffix.lower() != ".xlsx":
        raise click.BadParameter(f"format non pris en charge : {output.suffix or '(aucun)'} ; "
                                 "format : .xlsx.", param_hint="-o")
    extra = None
    if registry is not None:
        found = read_structures(registry)
        echo_issues(i for i in found.issues if i.code != Code.STR_UNKNOWN_COLUMNS.value)
        extra = {s.id: found.extra.get(s.id, {}) for s in found.structures}
    if output is not None:
        check_outputs({output: "-o"}, [*path_of(db), *([registry] if registry else [])])
    conn = open_store(db)
    try:
        row = conn.execute("SELECT referentiel FROM campaigns WHERE name = ?",
                           (campaign,)).fetchone()
        if row is None:
            known = ", ".join(f"« {r[0]} »" for r in conn.execute(
                "SELECT name FROM campaigns ORDER BY year, name")) or "aucune"
            raise problem(make_issue(Code.DB_UNKNOWN_CAMPAIGN, campaign=campaign,
                                     file=str(db), known=known))
        desk = campaign_desk(conn, campaign, resolve(str(row[0]))[1], extra)
    finally:
        conn.close()
    if output is not None:
        write_desk(output, desk)
    if as_json:
        write_json(desk)
    else:
        _render(desk, output)
    ctx.exit(Exit.OK)


def _render(desk: Desk, output: Path | None) -> None:
    counts = (f"{desk.count(RECEIVED) + desk.count(LAST_REFUSED)} valide(s), "
              f"{desk.count(REFUSED)} refusée(s), {desk.count(NOTHING)} sans envoi")
    click.secho(f"Campagne « {desk.campaign} » : {len(desk.rows)} structure(s) ; {counts}.",
                bold=True)
    if not desk.registry:
        note = make_issue(Code.SUI_NO_REGISTRY, campaign=desk.campaign)
        click.secho(f"Attention : {note.message}", fg="yellow")
    groups = "".join(f" {g[:10]:>10}" for g in desk.groups)
    click.echo(f"{'structure':<10} {'nom':<{_NAME}} {'statut':<28} envois{groups}  "
               "dernier fichier")
    for row in desk.rows:
        people = "".join(f" {row.respondents.get(g, 0):>10}" for g in desk.groups)
        when = row.last_file_date.strftime("%d/%m/%Y %H:%M") \
            if row.last_file_date else ""
        last = f"{row.last_file} ({when})" if row.last_file else "—"
        click.echo(f"{row.structure_id:<10} {row.name[:_NAME]:<{_NAME}} {row.status:<28} "
                   f"{row.sent:>6}{people}  {last}")
    if desk.groups:
        click.echo(f"(colonnes {', '.join(desk.groups)} : répondants reçus, grilles et "
                   "questionnaires individuels)")
    outside = [r.structure_id for r in desk.rows if not r.in_registry]
    if desk.registry and outside:
        note = make_issue(Code.SUI_OUT_OF_REGISTRY, count=len(outside), ids=", ".join(outside))
        click.secho(f"Attention : {note.message}", fg="yellow")
    remind = desk.to_remind
    click.secho(f"\nÀ relancer : {len(remind)}", bold=True)
    for row in remind:
        click.echo(f"  {row.structure_id:<10} {row.name[:_NAME]} : {row.reason}")
    if desk.unattached:
        note = make_issue(Code.SUI_UNATTACHED, count=len(desk.unattached))
        click.secho(f"\n{note.message}", fg="yellow")
        for file in desk.unattached:
            when = file.date.strftime("%d/%m/%Y %H:%M") if file.date else ""
            click.echo(f"  {file.file} ({when}) : {file.error}")
    if output is not None:
        click.echo(f"\nTableau de suivi écrit dans {output}")
