"""``evalsoc check``: validate filled workbooks, cell by cell, never stopping on one."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from evalsoc.batch.run import check_paths, find_workbooks, reports
from evalsoc.cli.common import (
    Exit,
    echo_issues,
    json_option,
    refusals,
    workers_option,
    write_json,
)
from evalsoc.cli.progress import bar
from evalsoc.support.outputs import check_outputs, mirrored

__all__ = ["check", "workers_option"]  # workers_option: see evalsoc.cli.common

F = TypeVar("F", bound=Callable[..., Any])


@click.command()
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path), metavar="CHEMINS...")
@json_option
@click.option("--csv", "as_csv", is_flag=True, help="Sortie CSV (une ligne par problème).")
@click.option("--annotate", "annotate_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Écrit dans ce dossier une copie de chaque classeur qui a un problème, "
                   "cellules à corriger surlignées et commentées, au même chemin relatif "
                   "et avec la même extension. Un original n'est jamais modifié : une "
                   "copie qui tomberait sur un fichier lu est refusée.")
@workers_option
@click.pass_context
@refusals
def check(ctx: click.Context, paths: tuple[Path, ...], as_json: bool, as_csv: bool,
          annotate_dir: Path | None, workers: int | None, quiet: bool) -> None:
    """Vérifie des questionnaires remplis (fichiers ou dossiers) : chaque problème est
    situé (fichier, onglet, cellule), avec la valeur saisie et la façon de le corriger.

    Code de sortie 1 si au moins un fichier a des erreurs.

    \b
    Exemples :
      evalsoc check retours/
      evalsoc check retours/ --annotate a-corriger/
      evalsoc check la-grange.xlsx --json
    """
    files = find_workbooks(paths)
    targets = {}
    if annotate_dir is not None:  # every copy's place, checked before anything is read
        targets = mirrored(paths, files, annotate_dir)
        check_outputs({t: str(f) for f, t in targets.items()}, files)
    items = check_paths(files, workers, progress=bar("Vérification", quiet or as_json),
                        answers=False, scores=False, isolate=True)
    found = reports(items)
    if annotate_dir is not None:
        from evalsoc.excel.annotate import annotate  # noqa: PLC0415 - openpyxl, when asked

        for item in (i for i in items if i.read.issues):
            source = Path(item.read.file)
            annotate(source, item.read.issues, annotate_dir, targets.get(source))
    if as_json:
        write_json(found)
    elif as_csv:
        from evalsoc.exports.safe import csv_safe  # noqa: PLC0415 - pandas, for CSV only
        from evalsoc.exports.scores import issue_frame  # noqa: PLC0415

        frame = issue_frame([i for r in found for i in r.issues])
        buffer = io.StringIO()
        frame.map(csv_safe).to_csv(buffer, index=False, sep=";")
        click.echo("\ufeff" + buffer.getvalue(), nl=False)  # BOM: Excel reads UTF-8 right
    else:
        for report in found:
            errors = sum(1 for i in report.issues if i.severity.value == "erreur")
            status = "valide" if report.valid else f"{errors} erreur(s)"
            colour = "green" if report.valid else "red"
            click.secho(f"{report.source} : {status}, "
                        f"{len(report.issues) - errors} avertissement(s)", fg=colour)
            echo_issues(report.issues)
        valid = sum(1 for r in found if r.valid)
        click.echo(f"\n{len(found)} fichier(s) : {valid} valide(s), "
                   f"{len(found) - valid} avec des erreurs.")
        if annotate_dir is not None:
            click.echo(f"Copies annotées dans {annotate_dir}")
    ctx.exit(Exit.OK if all(r.valid for r in found) else Exit.PROBLEMS)
