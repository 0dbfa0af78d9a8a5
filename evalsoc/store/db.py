"""Opening the store: one SQLite file, WAL journal, explicit transactions."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from evalsoc.excel.links import derived_link
from evalsoc.store.schema import migrate

__all__ = ["DEFAULT_DB", "connect", "transaction"]

DEFAULT_DB = Path("evalsoc.sqlite")


def connect(path: Path) -> sqlite3.Connection:
    """The store at ``path`` (created if absent), migrated to the current schema.

    WAL keeps readers working during an ingestion, and a killed process leaves the last
    committed transaction intact; ``synchronous=NORMAL`` is durable against a crash of the
    process (not of the machine), which is what a batch on a laptop needs.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None, timeout=30)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.create_function("evalsoc_link", 2, _link, deterministic=True)
    migrate(conn)
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error: all of it or none of it."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _link(structure_id: str, referentiel: str) -> str:
    """The derived link of a stored structure submission, for SQL (migration 2)."""
    return derived_link(structure_id, referentiel)
