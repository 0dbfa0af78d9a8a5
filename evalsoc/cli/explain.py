"""``evalsoc explain``: how each score was obtained, down to the answers."""

from __future__ import annotations

from pathlib import Path

import click

from evalsoc.cli.common import Exit, RegularFile, echo_issues, json_option, write_json
from evalsoc.explain import explain_text
from evalsoc.pipeline import score_answer_file
from evalsoc.scoring.result import node_json

__all__ = ["explain"]


@click.command()
@click.option("--answers", "answer_file", required=True,
              type=RegularFile(),
              help="Fichier de réponses JSON d'une structure.")
@click.option("--node", "node_id", metavar="ID",
              help="N'explique que ce nœud (dimension, critère ou indicateur), ex. SOC.2.")
@json_option
@click.pass_context
def explain(ctx: click.Context, answer_file: Path, node_id: str | None, as_json: bool) -> None:
    """Explique chaque score : règle appliquée, poids, politique « non concerné »,
    couverture, et chaque réponse utilisée avec sa valeur d'origine.

    \b
    Exemple :
      evalsoc explain --answers examples/reponses/la-grange-aux-sons.json --node SOC.1
    """
    outcome = score_answer_file(answer_file)
    if outcome.result is None:
        echo_issues(outcome.issues)
        click.secho("Impossible d'expliquer : les réponses ont des erreurs.", fg="red")
        ctx.exit(Exit.PROBLEMS)
        return
    result = outcome.result
    if node_id is not None and result.find(node_id) is None:
        raise click.BadParameter(f"« {node_id} » n'est pas un nœud de {result.referentiel}.",
                                 param_hint="--node")
    if as_json:
        node = result.find(node_id) if node_id else None
        write_json(node_json(node) if node else result.model_dump(mode="json"))
    else:
        click.echo(explain_text(result, node_id))
    ctx.exit(Exit.OK)
