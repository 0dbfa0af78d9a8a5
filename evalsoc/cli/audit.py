"""``evalsoc audit``: can anything unpublished be deduced from what evalsoc publishes?"""

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
from evalsoc.cli.export import publication_of, secrecy_options, secrecy_rules
from evalsoc.cli.ingest import existing_db_option
from evalsoc.cli.rural_join import rural_extras, rural_options
from evalsoc.publish.inputs import ExtraFigures
from evalsoc.publish.review import review
from evalsoc.store.frames import Store
from evalsoc.store.target import Target

__all__ = ["audit"]


@click.command()
@click.option("--campagne", "campaign", required=True, help="Nom de la campagne.")
@click.option("--precedente", "previous",
              help="Campagne précédente, quand une évolution est publiée.")
@click.option("--par", "by", default="",
              help="Colonnes du registre ajoutées aux ventilations publiées (celles d'un "
                   "export « --par »), en plus du département, de la discipline et du "
                   "territoire.")
@click.option("--conventions", type=RegularFile(),
              help="Les conventions de la Région (CSV ou classeur) : leur portefeuille est "
                   "vérifié avec le reste (evalsoc convention portefeuille).")
@click.option("--besoins", "needs", is_flag=True,
              help="Vérifie aussi le décompte des besoins d'accompagnement (evalsoc besoins "
                   "secteur).")
@click.option("--declares", "declared", type=RegularFile(),
              help="Avec --besoins : les besoins déclarés (CSV d'evalsoc besoins modele).")
@click.option("--documents", "documents", multiple=True,
              type=click.Path(exists=True, path_type=Path),
              help="Documents publiés à relire (fichiers ou dossiers : synthèse, fiches, en "
                   "HTML, ODT, XLSX, JSON ou CSV) : tout texte libre de la campagne qui s'y "
                   "trouve doit être une citation permise à cet endroit. Répétable.")
@rural_options
@existing_db_option
@secrecy_options
@json_option
@click.pass_context
@refusals
def audit(ctx: click.Context, campaign: str, previous: str | None, by: str,
          conventions: Path | None, needs: bool, declared: Path | None,
          documents: tuple[Path, ...], grid: str | None, density: Path | None, db: Target,
          seuil: int, dominance: float, protection: float, as_json: bool) -> None:
    """Vérifie ensemble tout ce qu'evalsoc publie pour une campagne : exports (tous
    formats), synthèse (HTML, PDF, ODT, XLSX), médianes et positions parmi les
    structures comparables imprimées sur les fiches et, avec --precedente, la publication
    de la campagne précédente.

    Pour chaque résultat d'une structure qui n'est pas publié à son nom, la commande
    calcule l'intervalle des valeurs compatibles avec tous les chiffres publiés à la
    fois. Le résultat est exposé quand cet intervalle ne s'écarte pas d'au moins
    --protection points de la vraie valeur, de chaque côté. Code de sortie 1 si une
    valeur est exposée.

    Les citations sont vérifiées aussi : chacune vient de la sélection du consultant
    (evalsoc citations), d'une structure dont le consentement le permet, et n'est
    attribuée qu'à une structure « nominative » ; avec --documents, les documents écrits
    sont relus. Code de sortie 1 si une citation n'est pas permise.

    \b
    Exemple :
      evalsoc audit --campagne 2026 --precedente 2025
    """
    if isinstance(db, Path) and not db.is_file():
        raise click.BadParameter(f"la base {db} n'existe pas.", param_hint="--db")
    columns = tuple(b.strip() for b in by.split(",") if b.strip())
    with Store(db) as store:
        extras: list[ExtraFigures] = []
        if conventions is not None:
            extras.append(_portfolio(store, campaign, conventions, db))
        if needs:
            extras.append(_needs(db, campaign, declared))
        extras += rural_extras(db, campaign, grid, density)
        publication = publication_of(store, campaign, previous,
                                     secrecy_rules(seuil, dominance, protection), columns,
                                     tuple(extras))
    report = review(publication, documents)
    if as_json:
        write_json(report)
    else:
        title = f"Vérification d'ensemble de la campagne « {report.campaign} »"
        click.echo(title + (f", avec « {report.previous} »" if report.previous else ""))
        for table in report.tables:
            if not table.rows:  # e.g. the medians' intervals where no median is published
                click.echo(f"  {table.table} : aucune ligne, rien n'y est publiable")
                continue
            hidden = ", ".join(f"{n} {motif}" for motif, n in table.masked.items())
            click.echo(f"  {table.table} : {table.rows} ligne(s)"
                       + (f", masquées : {hidden}" if hidden else "")
                       + (f", {table.blanked} valeur(s) effacée(s)"
                          if table.blanked else ""))
        for view in report.already_published:
            click.secho(f"Note : {view.message}", fg="yellow")
        for view in report.exposed:
            click.secho(f"EXPOSÉ : {view.message}", fg="red")
        quotes = report.quotes
        if quotes is not None and (quotes.published or quotes.documents or quotes.problems):
            echo_issues(quotes.problems)
            click.echo(quotes.verdict)
        click.echo(report.verdict)
    ctx.exit(Exit.OK if report.clean else Exit.PROBLEMS)


def _portfolio(store: Store, campaign: str, conventions: Path, db: Target) -> ExtraFigures:
    from evalsoc.conventions.run import portfolio_of  # noqa: PLC0415 - only with --conventions

    found = store.campaign(campaign)
    return portfolio_of(conventions, None, db, campaign, found[1] if found else 0)[1]


def _needs(db: Target, campaign: str, declared: Path | None) -> ExtraFigures:
    from evalsoc.needs.run import campaign_needs, needs_figures  # noqa: PLC0415 - --besoins

    return needs_figures(campaign_needs(db, campaign, declared))
