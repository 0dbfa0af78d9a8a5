"""``evalsoc score``: score answer sets and show each structure's profile."""

from __future__ import annotations

import json
from pathlib import Path

import click

from evalsoc.cli.common import Exit, echo_issues, json_option, write_atomic, write_json
from evalsoc.explain import node_status
from evalsoc.formatting import fr_percent
from evalsoc.pipeline import ScoredFile, score_answer_file
from evalsoc.scoring.pistes import weak_criteres

__all__ = ["score"]


@click.command()
@click.option("--answers", "answer_files", multiple=True, required=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Fichier de réponses JSON (docs/format-reponses.md) ; répétable.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Écrit les scores complets (avec leur trace) dans ce fichier JSON.")
@json_option
@click.pass_context
def score(ctx: click.Context, answer_files: tuple[Path, ...], output: Path | None,
          as_json: bool) -> None:
    """Calcule les scores d'une ou plusieurs structures à partir de leurs réponses.

    Un fichier qui contient des erreurs n'est pas noté ; ses problèmes sont listés et les
    autres fichiers sont traités. Code de sortie 1 si un fichier a des erreurs.

    \b
    Exemple :
      evalsoc score --answers examples/reponses/la-grange-aux-sons.json
    """
    outcomes = [score_answer_file(path) for path in answer_files]
    payload = [_payload(o) for o in outcomes]
    if output is not None:
        text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
        output.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(output, text.encode("utf-8"))
    if as_json:
        write_json(payload)
    else:
        for outcome in outcomes:
            _render(outcome)
        if output is not None:
            click.echo(f"Scores écrits dans {output}")
    ctx.exit(Exit.OK if all(o.valid for o in outcomes) else Exit.PROBLEMS)


def _payload(outcome: ScoredFile) -> dict[str, object]:
    return {
        "file": outcome.file,
        "valid": outcome.valid,
        "issues": [i.model_dump(mode="json") for i in outcome.issues],
        "result": outcome.result.model_dump(mode="json") if outcome.result else None,
    }


def _render(outcome: ScoredFile) -> None:
    click.secho(f"\n{outcome.file}", bold=True)
    echo_issues(outcome.issues)
    result, referentiel = outcome.result, outcome.referentiel
    if result is None or referentiel is None:
        click.secho("Non noté : corrigez les erreurs ci-dessus.", fg="red")
        return
    click.echo(f"{result.structure.name} — {result.referentiel} "
               f"(empreinte {result.referentiel_hash[:12]})")
    if result.overall is not None:
        click.echo(f"Score d'ensemble : {node_status(result.overall)}")
    for dim in result.dimensions:
        click.secho(f"{dim.id:<7} {dim.label:<45} {node_status(dim):<34} "
                    f"complétude {fr_percent(dim.completeness)}", bold=True)
        for crit in dim.children:
            click.echo(f"  {crit.id:<7} {crit.label[:50]:<50} {node_status(crit)}")
    weak = weak_criteres(result, referentiel)
    if weak:
        click.secho("\nPistes d'action (critères sous le seuil) :", bold=True)
        for item in weak:
            click.echo(f"  {item.node.id} {item.node.label} ({node_status(item.node)})")
            for piste in item.critere.pistes_action:
                click.echo(f"    - {piste}")
