"""The ``evalsoc`` command: one group, subcommands in their own modules.

Exit codes are a contract: 0 all good, 1 problems found in the inputs, 2 usage or
environment error (the library's refusals get theirs in :mod:`evalsoc.cli.common`). A
traceback reaches the user only with ``--debug``.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import signal
import sys
import threading
import traceback
from types import FrameType

import click

from evalsoc import __version__
from evalsoc.cli.common import Exit, Refusal, exit_code
from evalsoc.errors import EvalsocError
from evalsoc.support.files import abandon_pending

__all__ = ["cli", "main"]

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

# name -> "module:attribute"; a command's module (and its libraries) is imported when the
# command is used: `evalsoc --version` stays instant, and batch worker processes, which
# import the main script again, do not load pandas, matplotlib or Typst for nothing.
_COMMANDS = {
    "audit": "evalsoc.cli.audit:audit",
    "besoins": "evalsoc.cli.besoins:besoins",
    "check": "evalsoc.cli.check:check",
    "citations": "evalsoc.cli.citations:citations",
    "convention": "evalsoc.cli.convention:convention",
    "explain": "evalsoc.cli.explain:explain",
    "export": "evalsoc.cli.export:export",
    "ingest": "evalsoc.cli.ingest:ingest",
    "migrate": "evalsoc.cli.migrate:migrate",
    "merge": "evalsoc.cli.merge:merge_command",
    "questionnaire": "evalsoc.cli.questionnaire:questionnaire",
    "referentiel": "evalsoc.cli.referentiel:referentiel",
    "report": "evalsoc.cli.report:report",
    "score": "evalsoc.cli.score:score",
    "sensibilite": "evalsoc.cli.sensibilite:sensibilite",
    "serveur": "evalsoc.cli.serveur:serveur",
    "simulate": "evalsoc.cli.simulate:simulate",
    "suivi": "evalsoc.cli.suivi:suivi",
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in _COMMANDS and cmd_name not in self.commands:
            module, attribute = _COMMANDS[cmd_name].split(":")
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=_LazyGroup, context_settings=CONTEXT)
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



class Interrupted(BaseException):
    """Ctrl-C (or SIGTERM), raised instead of KeyboardInterrupt, which click would answer
    with a blank line of its own before our message."""


# seconds an interrupted command has to end by itself; past them it is ended (see
# _end_anyway). Stopping the workers takes at most 3 s (evalsoc.support.processes).
_STOP_SECONDS = 15.0
_said_interrupted = threading.Event()


def _interrupted(_signum: int, _frame: FrameType | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C while stopping: ignored
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    guard = threading.Timer(_STOP_SECONDS, _end_anyway)
    guard.daemon = True
    guard.start()
    raise Interrupted


def _end_anyway() -> None:
    """The command was interrupted and has not ended: something in the interpreter's own
    shutdown waits for a worker that will never answer (the process pools' manager
    thread, joined at exit, can wait forever for a pipe whose reader was killed). The
    store needs nothing more (every write is a transaction: an open one is rolled back),
    so the process ends here, with the temporary files it was writing removed."""
    abandon_pending()
    if not _said_interrupted.is_set():
        _say_interrupted()
    with contextlib.suppress(OSError):  # the terminal may be gone
        sys.stdout.flush()
    os._exit(Exit.USAGE)


def _say_interrupted() -> None:
    _said_interrupted.set()
    with contextlib.suppress(OSError):  # the terminal may be gone
        click.echo("Interrompu.", err=True)
        sys.stderr.flush()


def main() -> None:
    signal.signal(signal.SIGINT, _interrupted)
    signal.signal(signal.SIGTERM, _interrupted)  # stop as cleanly as on Ctrl-C
    try:
        code = cli.main(standalone_mode=False)
        sys.exit(code if isinstance(code, int) else Exit.OK)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except Refusal as err:  # a refusal of the library: its own exit code
        err.show()
        sys.exit(err.exit_code)
    except click.ClickException as err:  # click's usage errors, and EnvironmentProblem
        err.show()
        sys.exit(Exit.USAGE)
    except EvalsocError as err:  # a refusal outside any command (none is expected)
        Refusal(err).show()
        sys.exit(exit_code(err))
    except (click.Abort, Interrupted, KeyboardInterrupt):
        _say_interrupted()
        sys.exit(Exit.USAGE)
    except Exception as err:
        if "--debug" in sys.argv:
            traceback.print_exc()
        click.echo(f"Erreur interne : {str(err).rstrip('.')}. Relancez avec --debug et "
                   "signalez-la.", err=True)
        sys.exit(Exit.USAGE)
