"""``evalsoc referentiel``: list, show, check and lock référentiels (the commands about
versions live in :mod:`evalsoc.cli.referentiel_versions`)."""

from __future__ import annotations

import click

from evalsoc.checks.verify import check_referentiel
from evalsoc.cli.common import Exit, echo_issues, json_option, refusals, write_json
from evalsoc.cli.referentiel_versions import diff_cmd, export_xlsx_cmd, impact_cmd, import_xlsx_cmd
from evalsoc.referentiel.bundle import split_ref
from evalsoc.referentiel.fingerprint import canonical_hash
from evalsoc.referentiel.registry import listing, resolve, update_lock
from evalsoc.support.formatting import fr_number

__all__ = ["referentiel"]


@click.group()
def referentiel() -> None:
    """Consulter et vérifier les référentiels d'indicateurs.

    \b
    Exemple :
      evalsoc referentiel show ardes-culture@1.0.0
    """


@referentiel.command("list")
@json_option
@refusals
def list_cmd(as_json: bool) -> None:
    """Liste les référentiels disponibles et leurs versions.

    \b
    Exemple :
      evalsoc referentiel list --json
    """
    rows = listing()
    if as_json:
        write_json(rows)
        return
    if not rows:
        click.echo("Aucun référentiel trouvé.")
    for row in rows:
        digest = (row.hash or "")[:12]
        click.echo(f"{row.ref:<28} {row.status:<10} {digest:<13} {row.title}")


@referentiel.command("show")
@click.argument("ref", metavar="ID[@VERSION]")
@json_option
@refusals
def show_cmd(ref: str, as_json: bool) -> None:
    """Affiche l'arbre d'un référentiel : dimensions, critères, indicateurs, questions.

    Sans version, la dernière version publiée est utilisée.

    \b
    Exemple :
      evalsoc referentiel show ardes-culture
    """
    _, model = resolve(ref)
    if as_json:
        write_json({"hash": canonical_hash(model), **model.model_dump(mode="json")})
        return
    click.echo(f"{model.title} — {model.ref} ({model.status.value})")
    click.echo(f"Empreinte : {canonical_hash(model)}")
    groups = ", ".join(f"{g.label} (min. {g.min_respondents})" for g in model.groups)
    click.echo(f"Groupes de répondants : {groups}\n")
    for dim in model.dimensions:
        click.echo(f"{dim.id}  {dim.label}  [poids {fr_number(dim.weight)}]")
        for crit in dim.criteres:
            click.echo(f"  {crit.id}  {crit.label}")
            for ind in crit.indicateurs:
                click.echo(f"    {ind.id}  {ind.label}  ({ind.kind}, "
                           f"{ind.scoring.method})")
                for question in ind.questions:
                    click.echo(f"        · {question.id} [{question.group}, "
                               f"{question.type.value}] {question.label}")


@referentiel.command("check")
@click.argument("target", metavar="CHEMIN-OU-ID")
@json_option
@click.pass_context
@refusals
def check_cmd(ctx: click.Context, target: str, as_json: bool) -> None:
    """Vérifie un référentiel : schéma, identifiants, échelles, formules, tranches,
    scores atteignables, questions notées, version publiée inchangée et exemples de
    référence. Tous les problèmes sont listés d'un coup, chacun situé.

    \b
    Des référentiels posés ensemble (« a+b ») sont vérifiés chacun ; avec --json, la
    liste de leurs rapports.

    \b
    Exemples :
      evalsoc referentiel check ardes-culture@1.0.0
      evalsoc referentiel check referentiels/ardes-culture/1.0.0.yaml
      evalsoc referentiel check ardes-culture@1.0.0+autodiag-financier
    """
    parts = split_ref(target) if "+" in target else [target]
    reports = [check_referentiel(part) for part in parts]
    if as_json:
        write_json(reports if len(parts) > 1 else reports[0])
    else:
        for report in reports:
            echo_issues(report.issues)
            name = report.referentiel.ref if report.referentiel else report.file
            if report.valid:
                click.secho(f"{name} : valide, {report.examples} exemple(s) de référence "
                            "vérifié(s).", fg="green")
            else:
                click.secho(f"{name} : {len(report.issues)} problème(s).", fg="red")
    ctx.exit(Exit.OK if all(r.valid for r in reports) else Exit.PROBLEMS)


@referentiel.command("lock")
@refusals
def lock_cmd() -> None:
    """Enregistre l'empreinte des versions publiées qui ne l'ont pas encore.

    Une empreinte déjà enregistrée n'est jamais modifiée : une version publiée est
    immuable, toute modification demande une nouvelle version.

    \b
    Exemple :
      evalsoc referentiel lock
    """
    added = update_lock()
    click.echo("Empreintes ajoutées : " + (", ".join(added) if added else "aucune"))


referentiel.add_command(diff_cmd)
referentiel.add_command(impact_cmd)
referentiel.add_command(export_xlsx_cmd)
referentiel.add_command(import_xlsx_cmd)
