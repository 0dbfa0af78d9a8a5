"""The ``evalsoc`` command: one group, subcommands in their own modules.

Exit codes are a contract: 0 all good, 1 problems found in the inputs, 2 usage or
environment error. A traceback reaches the user only with ``--debug``.
"""

from __future__ import annotations

import sys
import traceback

import click

from evalsoc import __version__
from evalsoc.cli.check import check
from evalsoc.cli.common import Exit
from evalsoc.cli.explain import explain
from evalsoc.cli.export import export
from evalsoc.cli.ingest import ingest
from evalsoc.cli.questionnaire import questionnaire
from evalsoc.cli.referentiel import referentiel
from evalsoc.cli.report import report
from evalsoc.cli.score import score
from evalsoc.cli.simulate import simulate

__all__ = ["cli", "main"]

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="evalsoc",
                      message="%(prog)s %(version)s")
@click.option("--debug", is_flag=True, help="Affiche la trace complète en cas d'erreur interne.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Évaluation de l'utilité sociale des associations culturelles.

    Référentiels d'indicateurs, scores expliqués jusqu'à la réponse d'origine.

    \b
    Exemple :
      evalsoc referentiel check ardes-culture
    """
    ctx.obj = {"debug": debug}


cli.add_command(referentiel)
cli.add_command(score)
cli.add_command(explain)
cli.add_command(questionnaire)
cli.add_command(check)
cli.add_command(ingest)
cli.add_command(export)
cli.add_command(simulate)
cli.add_command(report)


def main() -> None:
    try:
        code = cli.main(standalone_mode=False)
        sys.exit(code if isinstance(code, int) else Exit.OK)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.ClickException as err:
        err.show()
        sys.exit(Exit.USAGE)
    except click.Abort:
        click.echo("Interrompu.", err=True)
        sys.exit(Exit.USAGE)
    except Exception as err:
        if "--debug" in sys.argv:
            traceback.print_exc()
        click.echo(f"Erreur interne : {str(err).rstrip('.')}. Relancez avec --debug et "
                   "signalez-la.", err=True)
        sys.exit(Exit.USAGE)
