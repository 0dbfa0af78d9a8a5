"""``--db``: the store a command works on, a SQLite file or a PostgreSQL server.

Without ``--db``, the variable ``EVALSOC_BASE`` names it, else ``evalsoc.sqlite`` in the
current folder. A server is given as a URL (``postgresql://marie@serveur/evalsoc``); its
password, if written there, is never shown (:mod:`evalsoc.store.target`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from evalsoc.store.target import DEFAULT_DB, ENV_DEFAULT, ServerTarget, Target, parse_target

__all__ = ["StoreParam", "db_option", "existing_db_option", "path_of"]

F = TypeVar("F", bound=Callable[..., Any])
_WHERE = (f"un fichier SQLite, ou un serveur PostgreSQL postgresql://utilisateur@hôte/base "
          f"(mot de passe dans PGPASSWORD ou ~/.pgpass). Par défaut : la variable "
          f"{ENV_DEFAULT}, sinon {DEFAULT_DB}.")


if TYPE_CHECKING:  # generic from click 8.2; the package allows 8.1
    _Param = click.ParamType[Target]
else:
    _Param = click.ParamType


class StoreParam(_Param):
    """A path, or a ``postgresql://`` URL, as a :data:`~evalsoc.store.target.Target`."""

    name = "base"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Target:
        if isinstance(value, ServerTarget):
            return value
        target = parse_target(str(value))
        if not isinstance(target, ServerTarget) and target.is_dir():
            self.fail(f"{target} est un dossier : donnez le fichier de la base.", param, ctx)
        return target


def db_option(func: F) -> F:
    """--db for the commands that write the store (created when absent)."""
    return click.option("--db", type=StoreParam(), default=str(DEFAULT_DB),
                        envvar=ENV_DEFAULT, show_default=True, show_envvar=False,
                        help=f"La base (créée si elle n'existe pas) : {_WHERE}")(func)


def existing_db_option(func: F) -> F:
    """--db for the commands that only read the store."""
    return click.option("--db", type=StoreParam(), default=str(DEFAULT_DB),
                        envvar=ENV_DEFAULT, show_default=True, show_envvar=False,
                        help=f"La base remplie par « evalsoc ingest » : {_WHERE}")(func)


def path_of(target: Target) -> list[Any]:
    """The target among the files an output must not overwrite (none for a server)."""
    return [] if isinstance(target, ServerTarget) else [target]
