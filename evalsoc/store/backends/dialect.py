"""SQLite's SQL, as the store writes it, turned into PostgreSQL's: pure functions.

What differs, and what becomes of it:

========================================  ==============================================
SQLite                                    PostgreSQL
========================================  ==============================================
``?`` placeholders (``%`` a character)    ``%s`` (``%%``)
``INSERT OR IGNORE INTO t …``             ``INSERT INTO t … ON CONFLICT DO NOTHING``
``INSERT OR REPLACE INTO t …``            ``… ON CONFLICT (key) DO UPDATE SET …``
``INSERT INTO t …`` (``t`` has a rowid)   ``… RETURNING id``, for ``lastrowid``
``CAST(x AS REAL)``                       ``CAST(x AS DOUBLE PRECISION)``
``x = ? COLLATE NOCASE``                  ``lower(x) = lower(?)``
``INTEGER``, ``REAL``, ``TEXT`` columns   ``BIGINT``, ``DOUBLE PRECISION``, ``TEXT``
                                          with the ``C`` collation (SQLite's byte order)
``id INTEGER PRIMARY KEY``                ``BIGINT PRIMARY KEY`` numbered by a trigger
                                          as SQLite numbers rowids (the largest plus one,
                                          so that a rolled-back transaction leaves no
                                          gap and an interrupted run, run again, gives
                                          the ids of a clean run)
``WITHOUT ROWID``                         (nothing)
========================================  ==============================================

``json_type``, ``json_extract`` and the migrations' SQL functions are given to
PostgreSQL as functions of the same names (:mod:`evalsoc.store.backends.pgschema`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["MAX_PARAMETERS", "Table", "ddl", "multi_row", "numbered", "placeholders", "query",
           "rowid_tables"]


@dataclass(frozen=True)
class Table:
    """What a statement's translation needs to know of a table."""

    columns: tuple[str, ...]
    key: tuple[str, ...]
    rowid: bool  # an ``id INTEGER PRIMARY KEY`` column, numbered by the base


_INSERT = re.compile(r"^\s*INSERT\s+(?:OR\s+(IGNORE|REPLACE)\s+)?INTO\s+(\w+)", re.I)
_REAL_CAST = re.compile(r"\bAS\s+REAL\s*\)", re.I)
_NOCASE = re.compile(r"([\w.]+)\s*=\s*\?\s+COLLATE\s+NOCASE", re.I)
_ROWID = re.compile(r"\bid\s+INTEGER\s+PRIMARY\s+KEY\b", re.I)
_CREATE = re.compile(r"^\s*CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)", re.I)
_ADD_COLUMN = re.compile(r"^\s*ALTER\s+TABLE\s+\w+\s+ADD\s+COLUMN\b", re.I)
_TYPES = {"INTEGER": "BIGINT", "REAL": "DOUBLE PRECISION", "TEXT": 'TEXT COLLATE "C"'}
_COLUMN = re.compile(r"^(\s*(?:--[^\n]*\n\s*)*)(\w+)\s+(INTEGER|REAL|TEXT)\b", re.I)
_KEYWORDS = {"PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "CONSTRAINT"}
_WITHOUT_ROWID = re.compile(r"\)\s*WITHOUT\s+ROWID\s*$", re.I)


def placeholders(sql: str) -> str:
    """``?`` outside string literals and quoted names becomes ``%s``; ``%`` becomes
    ``%%`` (psycopg reads every ``%`` of a statement given parameters)."""
    out: list[str] = []
    quote = ""
    for char in sql:
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "?":
            out.append("%s")
            continue
        out.append("%%" if char == "%" else char)
    return "".join(out)


def query(sql: str, tables: Mapping[str, Table], many: bool = False) -> tuple[str, bool]:
    """A statement of the store in PostgreSQL's SQL, and whether it returns the id of the
    row it inserts (a single-row insert into a table with a rowid)."""
    text = _NOCASE.sub(r"lower(\1) = lower(?)", _REAL_CAST.sub("AS DOUBLE PRECISION)", sql))
    returning = False
    found = _INSERT.match(text)
    if found is not None:
        verb, name = (found.group(1) or "").upper(), found.group(2)
        text = f"INSERT INTO {name}" + text[found.end():]
        table = tables.get(name)
        if verb == "IGNORE":
            text = text.rstrip().rstrip(";") + " ON CONFLICT DO NOTHING"
        elif verb == "REPLACE":
            if table is None or not table.key:
                raise ValueError(f"INSERT OR REPLACE sur {name} : clé inconnue")
            others = [c for c in table.columns if c not in table.key]
            update = ", ".join(f"{c} = EXCLUDED.{c}" for c in others)
            text = text.rstrip().rstrip(";") + (
                f" ON CONFLICT ({', '.join(table.key)}) "
                + (f"DO UPDATE SET {update}" if update else "DO NOTHING"))
        if table is not None and table.rowid and not many:
            text = text.rstrip().rstrip(";") + " RETURNING id"
            returning = True
    return placeholders(text), returning


MAX_PARAMETERS = 65535  # of one statement, in PostgreSQL's protocol
_ROWS = re.compile(
    r"^(\s*INSERT\s+(?:OR\s+(IGNORE|REPLACE)\s+)?INTO\s+(\w+)\s*(?:\([\w\s,]*\))?"
    r"\s*VALUES\s*)(\(\s*\?(?:\s*,\s*\?)*\s*\))\s*;?\s*$", re.I)


def multi_row(sql: str, tables: Mapping[str, Table], count: int) -> str | None:
    """``INSERT [OR IGNORE] INTO t … VALUES (?, …)`` as one statement of ``count`` rows
    (``VALUES (…), (…), …``), in PostgreSQL's SQL with numbered placeholders
    (:func:`numbered`): one round trip and one execution
    where ``executemany`` would make ``count``. ``None`` for any other statement, and
    for what a single statement would not do as SQLite's rows one by one do: ``OR
    REPLACE`` (a key twice in one ``ON CONFLICT DO UPDATE`` is an error) and a table
    whose ids the base numbers."""
    found = _ROWS.match(sql)
    if found is None or (found.group(2) or "").upper() == "REPLACE":
        return None
    table = tables.get(found.group(3))
    if table is None or table.rowid:
        return None
    text, _ = query(found.group(1) + ", ".join([found.group(4)] * count), tables, many=True)
    return numbered(text)


def numbered(text: str) -> str:
    """A translated statement (``%s``, ``%%``) with the server's own numbered
    placeholders (``$1``, ``$2``…, ``%``), for a cursor that sends it as it is: psycopg
    reads a long statement's ``%s`` much more slowly than the server runs it."""
    count = 0

    def mark(found: re.Match[str]) -> str:
        nonlocal count
        if found.group(0) == "%%":
            return "%"
        count += 1
        return f"${count}"
    return re.sub(r"%%|%s", mark, text)


def ddl(statement: str) -> tuple[list[str], str | None]:
    """A migration's statement for PostgreSQL, and the table whose ``id`` the base
    numbers (its trigger is added by the caller), if the statement creates one."""
    text = _uncommented(statement).strip()
    created = _CREATE.match(text)
    rowid = None
    if created is not None or _ADD_COLUMN.match(text):
        if created is not None and _ROWID.search(text):
            rowid = created.group(1)
            text = _ROWID.sub("id BIGINT PRIMARY KEY", text)
        text = _WITHOUT_ROWID.sub(")", text)
        text = _types(text)
        return [text], rowid
    translated, _ = query(text, {})
    return [translated.replace("%%", "%")], None  # DDL runs without parameters


def _uncommented(text: str) -> str:
    """The statement without its ``--`` comments (string literals kept whole)."""
    parts = re.split(r"('(?:[^']|'')*')", text)
    return "".join(p if i % 2 else re.sub(r"--[^\n]*", "", p) for i, p in enumerate(parts))


def _types(text: str) -> str:
    """The type of each column definition (the word after the column's name)."""
    if _ADD_COLUMN.match(text):
        head, _, rest = text.partition(" COLUMN ")
        return f"{head} COLUMN {_column(rest)}"
    start, end = text.index("("), text.rindex(")")
    return text[:start + 1] + ",".join(
        _column(d) for d in _definitions(text[start + 1:end])) + text[end:]


def _definitions(body: str) -> list[str]:
    """A table body cut at its top-level commas (not those of ``CHECK (a IN (…))``)."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    quoted = False
    for char in body:
        if char == "'":
            quoted = not quoted
        elif not quoted and char in "()":
            depth += 1 if char == "(" else -1
        elif not quoted and char == "," and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts


def _column(definition: str) -> str:
    found = _COLUMN.match(definition)
    if found is None or found.group(2).upper() in _KEYWORDS:
        return definition
    return definition[:found.start(3)] + _TYPES[found.group(3).upper()] \
        + definition[found.end(3):]


def rowid_tables(migrations: tuple[str, ...]) -> set[str]:
    """The tables whose ``id`` is a rowid, from the migrations' text."""
    found = set()
    for migration in migrations:
        for statement in migration.split(";"):
            created = _CREATE.match(statement.strip())
            if created is not None and _ROWID.search(statement):
                found.add(created.group(1))
    return found
