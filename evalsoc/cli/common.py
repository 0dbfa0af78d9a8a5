"""What every command shares: exit codes, output options, issue rendering."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from enum import IntEnum
from typing import Any, TypeVar

import click

from evalsoc.issues import Issue

__all__ = ["EnvironmentProblem", "Exit", "echo_issues", "json_option", "write_json"]

F = TypeVar("F", bound=Callable[..., Any])


class Exit(IntEnum):
    OK = 0
    PROBLEMS = 1
    USAGE = 2


class EnvironmentProblem(click.ClickException):
    """Cannot go on for a reason outside the inputs' content (no store, unknown campaign,
    unwritable folder): exit code 2 whatever runs the command (the entry point or
    click's test runner, where a plain ClickException gives 1)."""

    exit_code = Exit.USAGE


def json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True,
                        help="Sortie JSON (exactement le résultat de la bibliothèque).")(func)


def write_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def echo_issues(issues: Iterable[Issue]) -> None:
    for issue in issues:
        colour = "red" if issue.severity.value == "erreur" else "yellow"
        click.secho(f"{issue.severity.value.upper():<13} ", fg=colour, nl=False,
                    file=sys.stdout)
        click.echo(issue.render())
