"""``evalsoc explain``: how each score was obtained, down to the answers."""

from __future__ import annotations

from pathlib import Path

import click

from evalsoc.catalogue import Code
from evalsoc.cli.common import Exit, RegularFile, echo_issues, json_option, refusals, write_json
from evalsoc.cli.target import existing_db_option
from evalsoc.explain.diagnostic import diagnostic_ids, diagnostic_lines
from evalsoc.explain.sources import Explained, from_answer_file, from_store, from_workbooks
from evalsoc.explain.text import explain_text
from evalsoc.issues import make_issue
from evalsoc.scoring.result import node_json
from evalsoc.store.target import Target

__all__ = ["explain"]


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path),
                metavar="[CLASSEURS]...")
@click.option("--answers", "answer_file", type=RegularFile(),
              help="Fichier de réponses JSON d'une structure.")
@click.option("--campagne", "campaign", metavar="NOM",
              help="Campagne enregistrée (evalsoc ingest) où lire la structure --structure.")
@click.option("--structure", "structure", metavar="ID",
              help="La structure à expliquer : dans la campagne --campagne, ou parmi les "
                   "classeurs donnés quand ils sont ceux de plusieurs structures.")
@existing_db_option
@click.option("--node", "node_id", metavar="ID",
              help="N'explique que ce nœud (dimension, critère ou indicateur), ex. SOC.2.")
@json_option
@click.pass_context
@refusals
def explain(ctx: click.Context, paths: tuple[Path, ...], answer_file: Path | None,
            campaign: str | None, structure: str | None, db: Target, node_id: str | None,
            as_json: bool) -> None:
    """Explique chaque score : règle appliquée, poids, politique « non concerné »,
    couverture, et chaque réponse utilisée avec sa valeur d'origine, sa cellule et le
    commentaire écrit à côté.

    La structure à expliquer vient d'un classeur retourné (avec ses classeurs
    individuels, lus et rattachés comme par « evalsoc score »), d'un fichier de
    réponses JSON, ou d'une campagne enregistrée. Code de sortie 1 si les réponses ont
    des erreurs.

    \b
    Exemples :
      evalsoc explain retour.xlsx --node SOC.1
      evalsoc explain --answers examples/reponses/la-grange-aux-sons.json --node SOC.1
      evalsoc explain --campagne 2025 --structure S0001
    """
    sources = sum((bool(paths), answer_file is not None, campaign is not None))
    if sources != 1 or (campaign is not None and not structure):
        raise click.UsageError(make_issue(Code.EXP_SOURCES).message)
    outcome = _outcome(paths, answer_file, campaign, structure, db)
    result = outcome.result
    if result is None:
        echo_issues(outcome.issues)
        click.secho("Impossible d'expliquer : les réponses ont des erreurs.", fg="red")
        ctx.exit(Exit.PROBLEMS)
        return
    diagnostic = node_id is not None and node_id in diagnostic_ids(result.diagnostics)
    if node_id is not None and result.find(node_id) is None and not diagnostic:
        raise click.BadParameter(f"« {node_id} » n'est pas un nœud de {result.referentiel}.",
                                 param_hint="--node")
    if as_json:
        node = result.find(node_id) if node_id and not diagnostic else None
        write_json(node_json(node) if node else [
            r for d in result.diagnostics for r in d.readings
            if r.id == node_id] if diagnostic else result)
    else:
        comments = outcome.answers.comments if outcome.answers else ()
        text = explain_text(result, None if diagnostic else node_id, comments)
        if diagnostic:  # the header alone, then the indicator in each period
            text = "\n".join(text.splitlines()[:3])
        click.echo("\n".join([text, *diagnostic_lines(result.diagnostics, node_id)]))
    ctx.exit(Exit.OK)


def _outcome(paths: tuple[Path, ...], answer_file: Path | None, campaign: str | None,
             structure: str | None, db: Target) -> Explained:
    if answer_file is not None:
        return from_answer_file(answer_file)
    if campaign is not None:
        return from_store(db, campaign, structure or "")
    return from_workbooks(paths, structure, workers=1)
