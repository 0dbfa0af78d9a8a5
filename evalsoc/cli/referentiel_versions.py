"""``evalsoc referentiel diff / impact / export-xlsx / import-xlsx``: versions of a
référentiel, what changes between them, and authoring in a spreadsheet."""

from __future__ import annotations

import click

from evalsoc.checks.verify import locate
from evalsoc.cli.common import EnvironmentProblem, Exit, json_option, problem, write_json
from evalsoc.issues import IssueError
from evalsoc.referentiel.loader import load_file
from evalsoc.referentiel.model import Referentiel

__all__ = ["diff_cmd"]


def load_target(target: str) -> Referentiel:
    """A référentiel named ``id@version`` or by the path of its file; a refusal (exit 2)
    when unknown or unreadable."""
    try:
        path = locate(target)
    except IssueError as err:
        raise problem(err.issue) from err
    loaded = load_file(path)
    if loaded.referentiel is None:
        shown = "\n".join(i.render() for i in loaded.issues)
        raise EnvironmentProblem(f"{path} ne se lit pas (evalsoc referentiel check "
                                 f"{target}) :\n{shown}")
    return loaded.referentiel


@click.command("diff")
@click.argument("old", metavar="ANCIEN")
@click.argument("new", metavar="NOUVEAU")
@json_option
@click.option("--brouillon", "draft", is_flag=True,
              help="Écrit plutôt un premier jet de table de correspondance (YAML), "
                   "éléments rapprochés par leur identifiant, à corriger puis à coller "
                   "à la fin du fichier de NOUVEAU.")
@click.pass_context
def diff_cmd(ctx: click.Context, old: str, new: str, as_json: bool, draft: bool) -> None:
    """Ce qui change d'une version d'un référentiel à une version ultérieure : chaque
    changement que déclare la table de correspondance (renommé, reformulé, changé
    d'échelle, scindé, fusionné, supprimé, nouveau), dimension par dimension, avec ce
    qu'il fait aux libellés, aux réponses et aux notations, et la série de chaque
    dimension (comparable, comparable après conversion, rupture de série).

    ANCIEN et NOUVEAU : ID@VERSION, ou le chemin d'un fichier YAML.

    \b
    Exemples :
      evalsoc referentiel diff ardes-culture@1.0.0 ardes-culture@1.1.0
      evalsoc referentiel diff ardes-culture@1.0.0 brouillon/1.1.0.yaml --brouillon
    """
    from evalsoc.referentiel.writer import crosswalk_yaml  # noqa: PLC0415
    from evalsoc.versions.chain import VersionError  # noqa: PLC0415
    from evalsoc.versions.diff import diff  # noqa: PLC0415
    from evalsoc.versions.diff_text import diff_lines  # noqa: PLC0415
    from evalsoc.versions.draft import draft_crosswalk  # noqa: PLC0415

    before, after = load_target(old), load_target(new)
    if draft:
        click.echo(crosswalk_yaml(draft_crosswalk(before, after)), nl=False)
        ctx.exit(Exit.OK)
    try:
        found = diff(before, after)
    except VersionError as err:
        click.echo(f"Erreur : [{err.issue.code}] {err.issue.message}", err=True)
        ctx.exit(Exit.PROBLEMS)
    if as_json:
        write_json(found.json())
    else:
        click.echo("\n".join(diff_lines(found)))
    ctx.exit(Exit.OK)
