"""``evalsoc score``: score workbooks or JSON answer sets and show each profile."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import click

from evalsoc.batch.answer_file import ScoredFile, score_answer_file
from evalsoc.batch.run import BatchItem, check_paths, find_workbooks
from evalsoc.catalogue import Code
from evalsoc.cli.common import (
    EnvironmentProblem,
    Exit,
    RegularFile,
    echo_issues,
    json_option,
    refusals,
    workers_option,
    write_json,
)
from evalsoc.cli.diagnostic import echo_diagnostic, summary
from evalsoc.cli.progress import bar
from evalsoc.excel.workbook import WorkbookRead
from evalsoc.explain.text import completeness_text, node_status
from evalsoc.exports.answers import write_answer_sets
from evalsoc.exports.scores import FORMATS, write_scores
from evalsoc.issues import make_issue
from evalsoc.scoring.pistes import weak_criteres
from evalsoc.support.outputs import check_outputs

__all__ = ["score"]


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path),
                metavar="[CHEMINS]...")
@click.option("--answers", "answer_files", multiple=True,
              type=RegularFile(),
              help="Fichier de réponses JSON (docs/format-reponses.md) ; répétable.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Écrit les scores : .xlsx (scores, profils, fichiers, problèmes), .csv "
                   "(scores) ou .json (scores avec leur trace complète).")
@click.option("--reponses", "answers_dir", type=click.Path(file_okay=False, path_type=Path),
              metavar="DOSSIER",
              help="Écrit dans ce dossier les réponses de chaque structure notée, au format "
                   "JSON (docs/format-reponses.md) : une par classeur, avec celles de ses "
                   "classeurs individuels, leurs cellules et leurs commentaires.")
@json_option
@workers_option
@click.pass_context
@refusals
def score(ctx: click.Context, paths: tuple[Path, ...], answer_files: tuple[Path, ...],
          output: Path | None, answers_dir: Path | None, as_json: bool, workers: int | None,
          quiet: bool) -> None:
    """Calcule les scores des structures à partir de leurs questionnaires Excel (fichiers
    ou dossiers) ou de fichiers de réponses JSON.

    Un fichier qui a des erreurs n'est pas noté : il est listé avec ses causes et les
    autres fichiers sont traités. Code de sortie 1 si un fichier a des erreurs.

    \b
    Exemples :
      evalsoc score retours/ -o scores.xlsx
      evalsoc score retours/ --reponses reponses/
      evalsoc score --answers examples/reponses/la-grange-aux-sons.json
    """
    if not paths and not answer_files:
        raise click.UsageError("indiquez des classeurs (CHEMINS) ou des réponses (--answers).")
    if output is not None and output.suffix.lower() not in FORMATS:
        raise click.BadParameter(f"format non pris en charge : {output.suffix or '(aucun)'} ; "
                                 f"formats : {', '.join(FORMATS)}.", param_hint="-o")
    explain = as_json or (output is not None and output.suffix.lower() == ".json")
    files = find_workbooks(paths) if paths else []
    if output is not None:  # never over one of the files read, checked before reading
        check_outputs({output: "-o"}, [*files, *answer_files])
    items = check_paths(files, workers, progress=_bar(quiet or as_json), trace=explain,
                        answers=answers_dir is not None, isolate=True) if files else []
    items += [_from_json(score_answer_file(p)) for p in answer_files]
    if output is not None:
        write_scores(output, items)
    written = _answer_sets(answers_dir, items, answer_files)
    if as_json:
        write_json(items)
    else:
        _render(items, output)
        if answers_dir is not None:
            click.echo(f"Réponses de {len(written)} structure(s) écrites dans {answers_dir}")
    ctx.exit(Exit.OK if all(i.read.valid for i in items) else Exit.PROBLEMS)


def _answer_sets(folder: Path | None, items: list[BatchItem],
                 inputs: tuple[Path, ...]) -> list[Path]:
    if folder is None:
        return []
    try:
        return write_answer_sets(folder, items, inputs)
    except OSError as err:
        issue = make_issue(Code.SCO_ANSWERS_DIR, folder=str(folder),
                           detail=err.strerror or str(err))
        raise EnvironmentProblem(issue.render()) from err


def _bar(quiet: bool) -> Callable[[Iterator[BatchItem], int], Iterable[BatchItem]]:
    return bar("Notation", quiet)


def _from_json(outcome: ScoredFile) -> BatchItem:
    read = WorkbookRead(outcome.file, referentiel=outcome.referentiel,
                        answers=outcome.answers if outcome.valid else None,
                        issues=outcome.issues)
    return BatchItem(read, outcome.result)


_LISTED = 20  # structures listed on the terminal when the scores go to a file


def _render(items: list[BatchItem], output: Path | None) -> None:
    scored = [i for i in items if i.result is not None]
    merged = sum(len(i.merged) for i in items)
    for item in items:
        if item.result is None and not (item.read.individual and item.read.valid
                                        and _is_merged(item, items)):
            click.secho(f"\n{item.read.file} : non noté", fg="red", bold=True)
            errors = [i for i in item.read.issues if i.severity.value == "erreur"]
            echo_issues(errors or item.read.issues)  # a form waiting for its structure
    if len(scored) == 1:
        _profile(scored[0])
    elif scored:
        click.secho(f"\n{len(scored)} structure(s) notée(s) :", bold=True)
        # with a scores file, the terminal shows a glimpse, the file has them all
        shown = scored if output is None else scored[:_LISTED]
        for item in shown:
            assert item.result is not None
            dims = "  ".join(f"{d.id} {node_status(d).split('/')[0]}"
                             for d in item.result.dimensions)
            diagnostics = " ; ".join(summary(d) for d in item.result.diagnostics)
            joined = "  |  ".join(p for p in (dims, diagnostics) if p)
            click.echo(f"  {item.result.structure.id:<12} {joined}")
        if len(shown) < len(scored):
            click.echo(f"  … et {len(scored) - len(shown)} autre(s) : toutes sont dans "
                       f"{output}")
    invalid = len(items) - len(scored) - merged
    forms = f", {merged} questionnaire(s) individuel(s) fusionné(s)" if merged else ""
    click.echo(f"\n{len(items)} fichier(s) : {len(scored)} noté(s){forms}, "
               f"{invalid} non noté(s).")
    if output is not None:
        click.echo(f"Scores écrits dans {output}")


def _is_merged(item: BatchItem, items: list[BatchItem]) -> bool:
    return any(item.read.file in other.merged for other in items)


def _profile(item: BatchItem) -> None:
    result, referentiel = item.result, item.read.referentiel
    assert result is not None
    click.secho(f"\n{item.read.file}", bold=True)
    echo_issues(item.read.issues)
    click.echo(f"{result.structure.name} — {result.referentiel} "
               f"(empreinte {result.referentiel_hash[:12]})")
    if result.overall is not None:
        click.echo(f"Score d'ensemble : {node_status(result.overall)}")
    for dim in result.dimensions:
        click.secho(f"{dim.id:<7} {dim.label:<45} {node_status(dim):<34} "
                    f"complétude {completeness_text(dim)}", bold=True)
        for crit in dim.children:
            click.echo(f"  {crit.id:<7} {crit.label[:50]:<50} {node_status(crit)}")
    weak = weak_criteres(result, referentiel) if referentiel else []
    if weak:
        click.secho("\nPistes d'action (critères sous le seuil) :", bold=True)
        for entry in weak:
            click.echo(f"  {entry.node.id} {entry.node.label} ({node_status(entry.node)})")
            for piste in entry.critere.pistes_action:
                click.echo(f"    - {piste}")
    for diagnostic in result.diagnostics:  # values and bands, beside the profile, apart
        echo_diagnostic(diagnostic)

