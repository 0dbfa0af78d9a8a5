"""``evalsoc migrate``: a campaign's stored answers scored again under a later version of
its référentiel (``--dry-run``: only shown), or brought back (``--annuler``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from evalsoc.cli.common import Exit, json_option, refusals, write_json
from evalsoc.cli.ingest import existing_db_option

__all__ = ["migrate"]


@click.command()
@click.option("--campagne", "campaign", required=True, help="Nom de la campagne.")
@click.option("--vers", "target", metavar="ID@VERSION",
              help="La version sous laquelle recalculer les scores (une version ultérieure "
                   "du référentiel de la campagne).")
@click.option("--dry-run", "dry_run", is_flag=True,
              help="Montre ce que le recalcul écrirait, sans rien écrire.")
@click.option("--annuler", "undo", is_flag=True,
              help="Revient aux scores d'avant le dernier recalcul, tels qu'ils étaient.")
@existing_db_option
@json_option
@click.pass_context
@refusals
def migrate(ctx: click.Context, campaign: str, target: str | None, dry_run: bool,
            undo: bool, db: Path, as_json: bool) -> None:
    """Recalcule les scores d'une campagne sous une nouvelle version de son référentiel,
    à partir des réponses enregistrées, lues à travers la table de correspondance.

    Les scores d'avant sont gardés tels quels (--annuler y revient) ; les réponses ne
    changent pas. Chaque nœud reçoit sa série : comparable, comparable après conversion
    ou rupture de série ; les exports, la synthèse et les fiches ne comparent deux
    campagnes que là où la série le permet.

    \b
    Exemples :
      evalsoc migrate --campagne 2025 --vers ardes-culture@1.1.0 --dry-run
      evalsoc migrate --campagne 2025 --vers ardes-culture@1.1.0
      evalsoc migrate --campagne 2025 --annuler
    """
    if undo == bool(target):
        raise click.UsageError("donnez soit --vers ID@VERSION, soit --annuler.")
    if undo and dry_run:
        raise click.UsageError("--dry-run montre un recalcul (--vers), pas une annulation.")
    from evalsoc.store.db import open_store, transaction  # noqa: PLC0415
    from evalsoc.store.migration import undo_migration  # noqa: PLC0415

    conn = open_store(db, write=not dry_run)
    try:
        if undo:
            with transaction(conn):
                undone = undo_migration(conn, campaign)
            _undone(undone, as_json)
            ctx.exit(Exit.OK)
        assert target is not None
        _migrate(ctx, conn, campaign, target, dry_run, as_json)
    finally:
        conn.close()


def _migrate(ctx: click.Context, conn: Any, campaign: str, target: str, dry_run: bool,
             as_json: bool) -> None:
    from evalsoc.referentiel.registry import load_entry, resolve  # noqa: PLC0415
    from evalsoc.store.db import transaction  # noqa: PLC0415
    from evalsoc.store.migration import (  # noqa: PLC0415
        already_there,
        apply_migration,
        plan_migration,
    )
    from evalsoc.store.preview import migration_impact  # noqa: PLC0415

    entry, ref = resolve(target)
    digest = load_entry(entry).hash or ""
    done = already_there(conn, campaign, ref)
    if done is not None:  # nothing to do: said, and not a refusal
        click.echo(f"[{done.code}] {done.message}")
        ctx.exit(Exit.OK)
    if dry_run:
        plan = plan_migration(conn, campaign, ref, digest)
        impact = migration_impact(conn, plan)
    else:
        with transaction(conn):
            plan = plan_migration(conn, campaign, ref, digest)
            impact = migration_impact(conn, plan)
            apply_migration(conn, plan)
    from evalsoc.cli.migrate_output import migration_json, migration_lines  # noqa: PLC0415

    if as_json:
        write_json(migration_json(plan, impact, dry_run))
    else:
        click.echo("\n".join(migration_lines(plan, impact, dry_run)))
    ctx.exit(Exit.OK)


def _undone(undone: Any, as_json: bool) -> None:
    if as_json:
        write_json({"campagne": undone.campaign, "de": undone.current,
                    "vers": undone.restored, "recalculees": list(undone.rescored)})
        return
    click.echo(f"Campagne « {undone.campaign} » : retour à {undone.restored}, ses scores "
               f"d'avant le recalcul remis tels qu'ils étaient (ceux sous {undone.current} "
               "restent gardés).")
    if undone.rescored:
        click.echo(f"Reçues depuis le recalcul, notées sous {undone.restored} : "
                   f"{', '.join(undone.rescored)}.")
