"""The tables of an open base and their columns, whatever its backend."""

from __future__ import annotations

import sqlite3

from evalsoc.store.backends import Connection

__all__ = ["child_tables", "table_columns"]

_INTERNAL = {"evalsoc_schema"}


def table_columns(conn: Connection) -> dict[str, tuple[str, ...]]:
    """Every table of the store (by name) and its columns, in order."""
    if isinstance(conn, sqlite3.Connection):
        names = [str(r[0]) for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {n: tuple(str(r[1]) for r in conn.execute(f"PRAGMA table_info({n})"))
                for n in names}
    tables = getattr(conn, "tables", {})
    return {n: t.columns for n, t in sorted(tables.items()) if n not in _INTERNAL}


def child_tables(columns: dict[str, tuple[str, ...]]) -> list[str]:
    """The tables whose rows belong to one submission (a ``submission_id`` column):
    what a submission carries with it from one base to another."""
    return [name for name, cols in columns.items() if "submission_id" in cols]
