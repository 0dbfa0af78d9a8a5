"""The store's two backends behind one connection interface.

The store speaks one SQL, SQLite's, written once in :mod:`evalsoc.store.schema` (the
migrations) and in the modules that read and write. A SQLite base is a file opened by
:mod:`evalsoc.store.db`; a PostgreSQL base (a server shared by several consultants) is
opened by :mod:`evalsoc.store.backends.postgres`, whose connection translates the few
constructs that differ (:mod:`evalsoc.store.backends.dialect`): placeholders,
``INSERT OR IGNORE``/``OR REPLACE``, ``BEGIN IMMEDIATE`` (one writer at a time, as in
SQLite), ``lastrowid``, the types and the schema's version. A new table or query is
written for SQLite; the test suite runs the store's tests on both backends, so that what
the translation does not know fails a test rather than a user.

:class:`Connection` is what both give: the part of :class:`sqlite3.Connection` the store
uses.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol

__all__ = ["Connection", "Cursor"]


class Cursor(Protocol):
    """The part of a DB-API cursor the store uses."""

    @property
    def lastrowid(self) -> int | None: ...

    @property
    def description(self) -> Any: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def fetchmany(self, size: int = ...) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """A store connection: statements in SQLite's SQL, ``?`` placeholders, explicit
    ``BEGIN IMMEDIATE`` … ``COMMIT`` (autocommit otherwise)."""

    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Cursor: ...

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> Cursor: ...

    def close(self) -> None: ...
