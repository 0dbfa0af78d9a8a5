"""``evalsoc serveur``: a shared PostgreSQL server, its roles, what it publishes."""

from __future__ import annotations

from pathlib import Path

import click
import pandas as pd

from evalsoc.catalogue import Code
from evalsoc.cli.common import Exit, json_option, problem, refusals, write_json
from evalsoc.cli.export import publication_of, secrecy_options, secrecy_rules
from evalsoc.cli.target import db_option, existing_db_option, path_of
from evalsoc.exports.campaign import (
    DEFAULT_BY,
    EXPORT_FORMATS,
    campaign_tables,
    write_tables,
)
from evalsoc.exports.release import read_release, released_campaigns, write_release
from evalsoc.issues import make_issue
from evalsoc.publish.notes import publication_notes
from evalsoc.store.backends import Connection
from evalsoc.store.db import open_store
from evalsoc.store.frames import Store
from evalsoc.store.target import ServerTarget, Target
from evalsoc.support.outputs import check_outputs

__all__ = ["serveur"]

_TEXT_COLUMNS = ("structure_id", "groupe", "question", "texte", "nature")  # none published


@click.group()
def serveur() -> None:
    """Une base partagée sur un serveur PostgreSQL : plusieurs consultants y
    enregistrent en même temps, les services de la Région n'y lisent que les chiffres
    publiés (docs/serveur.md).

    \b
    Exemple :
      evalsoc serveur preparer --db postgresql://admin@serveur/evalsoc
    """


@serveur.command()
@db_option
@json_option
@click.pass_context
@refusals
def preparer(ctx: click.Context, db: Target, as_json: bool) -> None:
    """Prépare le serveur (à lancer par le propriétaire de la base, et de nouveau après
    chaque mise à jour d'evalsoc) : crée ou met à jour le schéma « evalsoc », les rôles
    « evalsoc_consultant » (enregistrer, fusionner, publier) et « evalsoc_lecteur » (lire
    les seuls chiffres publiés), leurs droits, et les vues du schéma « publication ».

    \b
    Exemple :
      evalsoc serveur preparer --db postgresql://admin@serveur/evalsoc
    """
    from evalsoc.store.backends.postgres import PgConnection  # noqa: PLC0415
    from evalsoc.store.backends.roles import prepare  # noqa: PLC0415

    if not isinstance(db, ServerTarget):
        raise problem(make_issue(Code.PG_NOT_SERVER, file=str(db)))
    conn = open_store(db, write=True)
    try:
        assert isinstance(conn, PgConnection)
        done = prepare(conn)
    finally:
        conn.close()
    if as_json:
        write_json({"serveur": done.server, "proprietaire": done.owner,
                    "roles_crees": done.roles_created, "vues": done.views})
    else:
        click.echo(f"Serveur {done.server} prêt (propriétaire : {done.owner}).")
        for role in done.roles_created:
            click.echo(f"  rôle créé : {role}")
        click.echo(f"  vues de lecture : {', '.join(done.views)}")
    ctx.exit(Exit.OK)


@serveur.command()
@click.option("--campagne", "campaign", required=True, help="Nom de la campagne.")
@click.option("--precedente", "previous", help="Campagne précédente, pour l'évolution.")
@click.option("--par", "by", default=",".join(DEFAULT_BY), show_default=True,
              help="Colonnes du registre par lesquelles ventiler les tableaux sectoriels.")
@existing_db_option
@secrecy_options
@json_option
@click.pass_context
@refusals
def publier(ctx: click.Context, campaign: str, previous: str | None, by: str, db: Target,
            seuil: int, dominance: float, protection: float, as_json: bool) -> None:
    """Publie dans la base les chiffres d'une campagne, vérifiés ensemble comme ceux de
    « evalsoc export » (mêmes tableaux et mêmes notes, sans les textes des répondants) :
    c'est tout ce que le rôle de lecture verra. Remplace d'un bloc la publication
    précédente de la campagne : à publier de nouveau après chaque enregistrement ou
    fusion.

    \b
    Exemple :
      evalsoc serveur publier --campagne 2026 --precedente 2025
    """
    rules = secrecy_rules(seuil, dominance, protection)
    columns = tuple(b.strip() for b in by.split(",") if b.strip())
    with Store(db) as store:
        publication = publication_of(store, campaign, previous, rules, columns)
    tables = campaign_tables(publication, pd.DataFrame(columns=list(_TEXT_COLUMNS)),
                             columns)
    figures = len(publication.everything())
    conn = open_store(db, write=True)
    try:
        rows = write_release(conn, campaign, previous, tables,
                             {"seuil": seuil, "dominance": dominance, "protection": protection,
                              "par": list(columns)}, figures)
    finally:
        conn.close()
    notes = publication_notes(publication)
    if as_json:
        write_json({"campagne": campaign, "precedente": previous, "lignes": rows,
                    "chiffres_verifies": figures, "notes": notes})
    else:
        for note in notes:
            click.echo(f"Note : {note}")
        click.echo(f"Campagne « {campaign} » publiée dans {db} : {rows} ligne(s), "
                   f"{figures} chiffre(s) vérifiés ensemble.")
    ctx.exit(Exit.OK)


def _published(db: ServerTarget) -> Connection:
    from evalsoc.store.backends.postgres import open_published  # noqa: PLC0415

    return open_published(db)


@serveur.command()
@click.option("--campagne", "campaign", required=True, help="Nom de la campagne publiée.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Écrit les tableaux publiés dans ce fichier (.xlsx, .json, .csv, "
                   ".parquet), comme « evalsoc export ».")
@existing_db_option
@json_option
@click.pass_context
@refusals
def lire(ctx: click.Context, campaign: str, output: Path | None, db: Target,
         as_json: bool) -> None:
    """Lit les chiffres publiés d'une campagne, et eux seuls : ce que peut faire le rôle
    de lecture « evalsoc_lecteur » (services de la Région), qui n'a accès à rien d'autre
    sur le serveur.

    \b
    Exemple :
      evalsoc serveur lire --campagne 2026 -o chiffres-2026.xlsx
    """
    if output is not None and output.suffix.lower() not in EXPORT_FORMATS:
        raise click.BadParameter(f"format non pris en charge : {output.suffix or '(aucun)'} ; "
                                 f"formats : {', '.join(EXPORT_FORMATS)}.", param_hint="-o")
    if output is not None:
        check_outputs({output: "-o"}, path_of(db))
    views = isinstance(db, ServerTarget)
    conn = _published(db) if isinstance(db, ServerTarget) else open_store(db)
    try:
        found = read_release(conn, campaign, views=views)
        known = released_campaigns(conn, views=views)
    finally:
        conn.close()
    if found is None:
        raise problem(make_issue(Code.PG_NOT_PUBLISHED, campaign=campaign, server=str(db),
                                 known=", ".join(f"« {k} »" for k in known) or "aucune"))
    written = write_tables(output, found.tables) if output is not None else []
    if as_json:
        write_json({"campagne": found.campaign, "precedente": found.previous,
                    "publiee_le": found.published_at, "regles": found.rules,
                    "tableaux": {n: len(t) for n, t in found.tables.items()},
                    "fichiers": [str(p) for p in written]})
    else:
        click.echo(f"Campagne « {found.campaign} » publiée le {found.published_at} "
                   f"({found.figures} chiffre(s) vérifiés ensemble) :")
        for name, table in found.tables.items():
            click.echo(f"  {name} : {len(table)} ligne(s)")
        for path in written:
            click.echo(f"Écrit : {path}")
    ctx.exit(Exit.OK)
