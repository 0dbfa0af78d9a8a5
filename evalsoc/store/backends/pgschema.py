"""The store's schema on PostgreSQL: the same migrations as SQLite's, translated, in a
schema of their own (``evalsoc``), with the version kept in a table.

Before the first migration, the functions the store's SQL calls are created (SQLite has
them built in, or evalsoc registers them on each SQLite connection): ``json_type``,
``json_extract`` (for the ``'$'`` path, the only one used), ``evalsoc_link`` (migration
3 fills links for the submissions already there; a base created on PostgreSQL has none,
so it is never called there) and the trigger function that numbers ids as SQLite does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from evalsoc.store.backends.dialect import Table, ddl
from evalsoc.store.schema import MIGRATIONS

if TYPE_CHECKING:
    from evalsoc.store.backends import Connection

__all__ = ["SCHEMA", "VERSIONING", "exists", "tables"]


SCHEMA = "evalsoc"


_BOOTSTRAP = (
    f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}",
    f"CREATE TABLE IF NOT EXISTS {SCHEMA}.evalsoc_schema (version BIGINT NOT NULL)",
    f"""CREATE OR REPLACE FUNCTION {SCHEMA}.json_type(value TEXT) RETURNS TEXT
        LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE jsonb_typeof(value::jsonb)
            WHEN 'number' THEN CASE WHEN value ~ '^\\s*-?[0-9]+\\s*$' THEN 'integer'
                                    ELSE 'real' END
            WHEN 'string' THEN 'text'
            WHEN 'boolean' THEN value::jsonb #>> '{{}}'
            ELSE jsonb_typeof(value::jsonb) END $$""",
    f"""CREATE OR REPLACE FUNCTION {SCHEMA}.json_extract(value TEXT, path TEXT) RETURNS TEXT
        LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE WHEN path = '$' THEN value::jsonb #>> '{{}}'
                    ELSE value::jsonb #>> string_to_array(substr(path, 3), '.') END $$""",
    f"""CREATE OR REPLACE FUNCTION {SCHEMA}.evalsoc_link(structure TEXT, referentiel TEXT)
        RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$ SELECT NULL::text $$""",
    f"""CREATE OR REPLACE FUNCTION {SCHEMA}.evalsoc_next_id() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_advisory_xact_lock(hashtext('evalsoc-ecriture'));
            IF NEW.id IS NULL THEN
                EXECUTE format('SELECT COALESCE(MAX(id), 0) + 1 FROM %I.%I',
                               TG_TABLE_SCHEMA, TG_TABLE_NAME) INTO NEW.id;
            END IF;
            RETURN NEW;
        END $$""",
)


WRITE_LOCK = "hashtext('evalsoc-ecriture')"  # one writer at a time, as SQLite


class _Versioning:
    """The schema's version in ``evalsoc.evalsoc_schema`` (no row: version 0)."""

    def version(self, conn: Connection) -> int:
        if not exists(conn):
            return 0
        row = conn.execute(f"SELECT MAX(version) FROM {SCHEMA}.evalsoc_schema").fetchone()
        return int(row[0] or 0)

    def set_version(self, conn: Connection, number: int) -> None:
        conn.execute(f"DELETE FROM {SCHEMA}.evalsoc_schema")
        conn.execute(f"INSERT INTO {SCHEMA}.evalsoc_schema VALUES ({int(number)})")

    def statements(self, conn: Connection, migration: str) -> list[str]:
        out: list[str] = []
        if migration == MIGRATIONS[0]:
            out += _BOOTSTRAP
        for statement in migration.split(";"):
            if not statement.strip():
                continue
            translated, rowid = ddl(statement)
            out += translated
            if rowid is not None:
                out.append(f"CREATE TRIGGER {rowid}_id BEFORE INSERT ON {rowid} FOR EACH ROW "
                           f"EXECUTE FUNCTION {SCHEMA}.evalsoc_next_id()")
        return out


VERSIONING = _Versioning()


def exists(conn: Connection) -> bool:
    """Whether the base holds an evalsoc schema (its version table)."""
    row = conn.execute("SELECT to_regclass(?)", (f"{SCHEMA}.evalsoc_schema",)).fetchone()
    return row[0] is not None


def tables(conn: Connection) -> dict[str, Table]:
    """Every table of the schema, with its columns in order and its primary key."""
    columns: dict[str, list[str]] = {}
    integers: set[tuple[str, str]] = set()
    for table, column, kind in conn.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = ? ORDER BY table_name, ordinal_position", (SCHEMA,)):
        columns.setdefault(str(table), []).append(str(column))
        if kind == "bigint":
            integers.add((str(table), str(column)))
    keys: dict[str, list[str]] = {}
    for table, column in conn.execute(
            "SELECT c.relname, a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a "
            "ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey) "
            "WHERE i.indisprimary AND n.nspname = ? ORDER BY c.relname, "
            "array_position(i.indkey::int2[], a.attnum)", (SCHEMA,)):
        keys.setdefault(str(table), []).append(str(column))
    return {name: Table(tuple(cols), tuple(keys.get(name, ())),
                        keys.get(name) == ["id"] and (name, "id") in integers)
            for name, cols in columns.items()}

