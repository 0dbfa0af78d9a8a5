"""What every command shares: exit codes, output options, issue rendering."""

from __future__ import annotations

import functools
import json
import sqlite3
import sys
from collections.abc import Callable, Iterable
from enum import IntEnum
from pathlib import Path
from typing import Any, TypeVar

import click

from evalsoc.catalogue import Code
from evalsoc.issues import Issue, IssueError, make_issue
from evalsoc.support.files import os_reason, special_kind

__all__ = ["EnvironmentProblem", "Exit", "RegularFile", "echo_issues", "environment_errors",
           "json_option", "problem", "workers_option", "write_json"]

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


def problem(issue: Issue) -> EnvironmentProblem:
    """The issue as the command's refusal: « Erreur : [CODE] message », exit 2."""
    return EnvironmentProblem(f"[{issue.code}] {issue.message}")


def environment_errors(func: F) -> F:
    """Every environment failure of a command as a French refusal with its code, exit 2:
    the store's and the inputs' (any IssueError), SQLite's and the system's (a file
    that cannot be written), never « Erreur interne »."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except IssueError as err:
            raise problem(err.issue) from err
        except sqlite3.Error as err:
            raise problem(_sqlite_issue(err, kwargs.get("db"))) from err
        except OSError as err:
            target = err.filename or "le fichier de sortie"
            raise problem(make_issue(Code.ENV_OUTPUT, file=str(target),
                                     detail=os_reason(err))) from err

    return wrapper  # type: ignore[return-value]


def _sqlite_issue(err: sqlite3.Error, db: object) -> Issue:
    from evalsoc.store.db import why  # noqa: PLC0415 - commands without a store skip it

    text, file = str(err).lower(), str(db or "la base")
    if "locked" in text or "busy" in text:
        return make_issue(Code.ENV_DB_BUSY, file=file, seconds="?")
    if "malformed" in text or "not a database" in text:
        return make_issue(Code.ENV_DB_DAMAGED, file=file, detail=why(err))
    return make_issue(Code.ENV_DB_PATH, file=file, detail=why(err))


class RegularFile(click.Path):
    """An existing regular file: a FIFO or a device named on the command line is refused
    before anything reads it (it could block forever or never end)."""

    def __init__(self) -> None:
        super().__init__(exists=True, dir_okay=False, path_type=Path)

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        path = Path(str(super().convert(value, param, ctx)))
        kind = special_kind(path.stat().st_mode)
        if kind is not None:
            issue = make_issue(Code.ENV_NOT_REGULAR, file=str(path), kind=kind)
            self.fail(f"{path} : [{issue.code}] {issue.message}", param, ctx)
        return path


def workers_option(func: F) -> F:
    func = click.option("--quiet", "-q", is_flag=True,
                        help="Pas de barre de progression.")(func)
    return click.option("--workers", type=click.IntRange(1, 32), default=None,
                        help="Nombre de processus de lecture, à part du processus principal "
                             "(par défaut : selon la taille du lot et le nombre de cœurs).")(
                                 func)


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
