"""``evalsoc questionnaire``: the workbooks that structures and respondents fill in."""

from __future__ import annotations

from pathlib import Path

import click

from evalsoc.answers.model import StructureInfo
from evalsoc.catalogue import Code
from evalsoc.cli.common import (
    Exit,
    RegularFile,
    echo_issues,
    json_option,
    refusals,
    write_json,
)
from evalsoc.cli.progress import bar
from evalsoc.issues import Issue, Severity, make_issue
from evalsoc.questionnaire.generate import Batch, check_groups, plan_questionnaires, write_job
from evalsoc.referentiel.fingerprint import canonical_hash
from evalsoc.referentiel.registry import resolve
from evalsoc.structures.registry import read_structures

__all__ = ["questionnaire"]


def _groups(value: tuple[str, ...]) -> list[str]:
    parts = (p.strip() for item in value for p in item.split(","))
    return list(dict.fromkeys(p for p in parts if p))


def _folder(output: Path) -> Issue | None:
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        return make_issue(Code.QST_OUTPUT_DIR, folder=str(output),
                          detail=err.strerror or str(err))
    return None


@click.command()
@click.argument("ref", metavar="ID[@VERSION]")
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Dossier où écrire les classeurs (créé s'il n'existe pas).")
@click.option("--structures", "structures_file",
              type=RegularFile(),
              help="Registre des structures (CSV ; ou ,) : un classeur pré-rempli par ligne. "
                   "Sans lui, un classeur vierge.")
@click.option("--individuels", multiple=True, metavar="GROUPE[,GROUPE]",
              help="Groupes qui répondent chacun sur son propre classeur (ex. benevoles).")
@click.option("--repondants", type=click.IntRange(1, 500), metavar="N",
              help="Classeurs individuels par groupe et par structure (défaut : le nombre "
                   "habituel de répondants du groupe).")
@click.option("--remplacer", is_flag=True,
              help="Écrase les classeurs déjà présents (par défaut, ils sont gardés).")
@click.option("--campagne", "campaign", default="", metavar="NOM",
              help="Campagne des classeurs (ex. 2025) : elle entre dans le lien qui rattache "
                   "chaque classeur individuel à sa structure. Donnez la même à chaque "
                   "génération d'une campagne.")
@json_option
@click.pass_context
@refusals
def questionnaire(ctx: click.Context, ref: str, output: Path, structures_file: Path | None,
                  individuels: tuple[str, ...], repondants: int | None, remplacer: bool,
                  campaign: str, as_json: bool) -> None:
    """Génère les questionnaires Excel d'un référentiel : un classeur par structure
    (identification, questions de la structure, une grille par groupe de répondants,
    feuille de l'évaluateur), et des classeurs individuels pour les groupes demandés.

    Une ligne fautive du registre des structures est signalée et sautée ; les autres
    structures reçoivent leur classeur. Code de sortie 1 si le registre a des erreurs.

    \b
    Exemple :
      evalsoc questionnaire ardes-culture -o envoi --structures structures.csv --individuels publics
    """
    _, model = resolve(ref)
    groups = _groups(individuels)
    if bad := check_groups(model, groups):
        raise click.BadParameter(bad[0].message, param_hint="--individuels")
    if problem := _folder(output):
        click.echo(problem.render(), err=True)
        ctx.exit(Exit.USAGE)
    issues: list[Issue] = []
    structures: list[StructureInfo | None] = [None]
    if structures_file is not None:
        registry = read_structures(structures_file)
        issues += registry.issues
        structures = list(registry.structures)
    ref_hash = canonical_hash(model)
    batch = Batch(issues=issues, referentiel=model.ref, hash=ref_hash, output=output)
    jobs = plan_questionnaires(model, output, structures, groups, repondants, campaign.strip())
    for job in bar("Questionnaires", quiet=as_json)(iter(jobs), len(jobs)):
        write_job(job, model, ref_hash, batch, remplacer)
    _report(batch, as_json)
    ctx.exit(_exit_code(batch))


def _exit_code(batch: Batch) -> Exit:
    errors = {i.code for i in batch.issues if i.severity is Severity.ERROR}
    if Code.QST_WRITE.value in errors:
        return Exit.USAGE
    return Exit.PROBLEMS if errors else Exit.OK


def _report(batch: Batch, as_json: bool) -> None:
    if as_json:
        write_json(batch)
        return
    echo_issues(batch.issues)
    click.echo(f"{batch.structures} classeur(s) de structure et {batch.individuals} "
               f"classeur(s) individuel(s) écrits dans {batch.output} ({batch.referentiel}, "
               f"empreinte {batch.hash[:12]}).")
    if batch.kept:
        click.echo(f"{len(batch.kept)} classeur(s) déjà présent(s) gardé(s) "
                   "(--remplacer pour les écraser).")
