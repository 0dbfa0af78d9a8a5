"""The CLI reference (docs/reference-cli.md) generated from the commands' own help.

Run ``python -m evalsoc.cli.docgen > docs/reference-cli.md``; a test fails when the file
and ``--help`` disagree.
"""

from __future__ import annotations

from collections.abc import Iterator

import click
from click.testing import CliRunner

from evalsoc.cli.main import cli

__all__ = ["reference"]

HEADER = """\
# Référence de la ligne de commande

Ce fichier est produit par `python -m evalsoc.cli.docgen` à partir de l'aide des
commandes ; un test vérifie qu'il reste identique à `evalsoc … --help`.

Codes de sortie : 0 tout va bien, 1 problèmes trouvés dans les fichiers fournis,
2 erreur d'utilisation ou d'environnement.
"""


def _paths(command: click.Command, path: list[str]) -> Iterator[list[str]]:
    yield path
    if isinstance(command, click.Group):
        context = click.Context(command)
        for name in command.list_commands(context):
            sub = command.get_command(context, name)
            if sub is not None:
                yield from _paths(sub, [*path, name])


def help_text(path: list[str]) -> str:
    """Exactly what ``evalsoc ... --help`` prints."""
    result = CliRunner().invoke(cli, [*path[1:], "--help"], terminal_width=100)
    return result.output.rstrip("\n")


def reference() -> str:
    parts = [HEADER]
    for path in _paths(cli, ["evalsoc"]):
        parts.append(f"\n## `{' '.join(path)}`\n\n```text\n{help_text(path)}\n```\n")
    return "".join(parts)


if __name__ == "__main__":
    click.echo(reference(), nl=False)
