"""What every command shares: exit codes, output options, issue rendering.

Exit codes are a contract: 0 all good, 1 problems found in the inputs, 2 usage or
environment error. A refusal of the library (the tree of :mod:`evalsoc.errors`) gets
its exit code here, in :data:`EXIT_CODES`, and nowhere else; every command is wrapped in
:func:`refusals`, which shows it as « Erreur : [CODE] message ».
"""

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
from evalsoc.errors import EvalsocError, InputError
from evalsoc.issues import Issue, make_issue
from evalsoc.support.files import os_reason, special_kind
from evalsoc.support.jsonable import to_json

__all__ = ["EXIT_CODES", "EnvironmentProblem", "Exit", "Refusal", "RegularFile",
           "echo_issues", "exit_code", "json_option", "problem", "refusals", "workers_option",
           "write_json"]

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


# The exit code of each branch of the tree (the nearest class listed wins).
EXIT_CODES: dict[type[EvalsocError], Exit] = {
    InputError: Exit.PROBLEMS,  # what was given cannot be used as a whole
    EvalsocError: Exit.USAGE,  # the command cannot run as asked, or where asked
}


def exit_code(err: EvalsocError) -> Exit:
    return next(EXIT_CODES[c] for c in type(err).__mro__ if c in EXIT_CODES)


class Refusal(click.ClickException):
    """A refusal of the library as the command shows it: « Erreur : [CODE] message », with
    the exit code of its branch of the tree."""

    def __init__(self, err: EvalsocError) -> None:
        super().__init__(f"[{err.issue.code}] {err.issue.message}")
        self.exit_code = exit_code(err)  # type: ignore[misc]  # click reads the instance's


def problem(issue: Issue) -> EnvironmentProblem:
    """The issue as the command's refusal: « Erreur : [CODE] message », exit 2."""
    return EnvironmentProblem(f"[{issue.code}] {issue.message}")


def refusals(func: F) -> F:
    """Every refusal of a command shown in French with its code: the library's (the tree
    of :mod:`evalsoc.errors`, exit code from :data:`EXIT_CODES`), SQLite's and the
    system's (a file that cannot be written, exit 2), never « Erreur interne »."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except EvalsocError as err:
            raise Refusal(err) from err
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


def write_json(result: Any) -> None:
    """A library result as ``--json`` prints it: its own serialisation
    (:func:`evalsoc.support.jsonable.to_json`), keys in English, indented."""
    click.echo(json.dumps(to_json(result), ensure_ascii=False, indent=2))


def echo_issues(issues: Iterable[Issue]) -> None:
    for issue in issues:
        colour = "red" if issue.severity.value == "erreur" else "yellow"
        click.secho(f"{issue.severity.value.upper():<13} ", fg=colour, nl=False,
                    file=sys.stdout)
        click.echo(issue.render())
