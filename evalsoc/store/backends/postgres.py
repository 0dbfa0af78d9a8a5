"""A store on a PostgreSQL server, through psycopg 3 (``pip install 'evalsoc[postgres]'``).

:func:`open_server` gives a :class:`PgConnection`, which takes the store's SQL as
SQLite's connection does (:mod:`evalsoc.store.backends.dialect` translates it) and keeps
SQLite's promises:

- ``BEGIN IMMEDIATE`` takes the base's write lock (an advisory lock held until the
  transaction ends, and released by the server when a process is killed): one writer at
  a time, each for one workbook; a writer that waits says so once (PG003), then gives up
  after the base's waiting time (PG004), having written nothing of that workbook;
- ids are numbered as SQLite numbers them (:mod:`evalsoc.store.backends.pgschema`);
- a reading connection cannot write (``default_transaction_read_only``);
- every failure is a :class:`~evalsoc.store.db.StoreError` with a PG code, whose message
  names the server without its password.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from evalsoc.catalogue import Code
from evalsoc.errors import StoreError
from evalsoc.issues import make_issue
from evalsoc.store.backends import dialect, pgschema
from evalsoc.store.schema import SCHEMA_VERSION, StoreVersionError, migrate
from evalsoc.store.target import ServerTarget, shown

if TYPE_CHECKING:
    import psycopg

__all__ = ["PgConnection", "open_published", "open_server"]

_POLL = 0.02  # seconds between two tries of the write lock
_ROWS_PER_INSERT = 500  # rows of one multi-row INSERT (fewer when they have many columns)


class _Cursor:
    """A psycopg cursor with SQLite's ``lastrowid``."""

    def __init__(self, raw: psycopg.Cursor[Any], lastrowid: int | None = None) -> None:
        self.raw, self.lastrowid = raw, lastrowid

    @property
    def description(self) -> Any:
        return self.raw.description

    def fetchone(self) -> Any:
        return self.raw.fetchone()

    def fetchall(self) -> list[Any]:
        return self.raw.fetchall()

    def fetchmany(self, size: int = 0) -> list[Any]:
        return self.raw.fetchmany(size or self.raw.arraysize)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.raw)


class PgConnection:
    """A connection to the store on a server (see the module docstring)."""

    def __init__(self, raw: psycopg.Connection[Any], target: ServerTarget, wait: float,
                 notify: Any = None) -> None:
        self.raw, self.target, self.wait, self.notify = raw, target, wait, notify
        self.told = False
        self.file = str(target)
        self.tables: dict[str, dialect.Table] = {}
        self._sql: dict[tuple[str, bool], tuple[str, bool]] = {}
        self._rows: dict[tuple[str, int], str | None] = {}

    @property
    def role(self) -> str:
        return str(self.raw.info.user)

    def refresh(self) -> None:
        """Learn the tables' columns and keys (after a migration)."""
        self.tables = pgschema.tables(self)
        self._sql.clear()
        self._rows.clear()

    def _translate(self, sql: str, many: bool) -> tuple[str, bool]:
        found = self._sql.get((sql, many))
        if found is None:
            found = self._sql[(sql, many)] = dialect.query(sql, self.tables, many)
        return found

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> _Cursor:
        command = sql.strip().upper()
        if command == "BEGIN IMMEDIATE":
            return self._begin()
        if command.startswith("PRAGMA"):
            raise NotImplementedError(f"PRAGMA sur PostgreSQL : {sql}")
        text, returning = self._translate(sql, False)
        cursor = self._run(lambda c: c.execute(text, tuple(parameters)))
        if returning:
            row = cursor.fetchone()
            return _Cursor(cursor, int(row[0]) if row else None)
        return _Cursor(cursor)

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> _Cursor:
        """Rows inserted by hundreds in one statement where the statement allows it
        (:func:`~evalsoc.store.backends.dialect.multi_row`): a workbook's answers cost a
        few round trips to the server instead of one per row."""
        rows = [tuple(p) for p in parameters]
        if not rows:
            self._translate(sql, True)  # a statement the translation refuses fails here too
            return _Cursor(self.raw.cursor())
        per = max(1, min(_ROWS_PER_INSERT, dialect.MAX_PARAMETERS // max(1, len(rows[0]))))
        if len(rows) > 1 and self._multi(sql, 1) is not None:
            cursor = None
            for start in range(0, len(rows), per):
                chunk = rows[start:start + per]
                text = self._multi(sql, len(chunk))
                flat = tuple(value for row in chunk for value in row)
                cursor = self._run(lambda c, t=text, f=flat: c.execute(t, f), raw=True)
            assert cursor is not None
            return _Cursor(cursor)
        text, _ = self._translate(sql, True)
        return _Cursor(self._run(lambda c: c.executemany(text, rows)))

    def _multi(self, sql: str, count: int) -> str | None:
        key = (sql, count)
        if key not in self._rows:
            self._rows[key] = dialect.multi_row(sql, self.tables, count)
        return self._rows[key]

    def close(self) -> None:
        self.raw.close()

    def _run(self, action: Any, raw: bool = False) -> psycopg.Cursor[Any]:
        """``action`` on a new cursor; ``raw``: one that takes ``$1``… placeholders and
        sends the statement as it is."""
        import psycopg  # noqa: PLC0415 - the driver is optional

        cursor = psycopg.RawCursor(self.raw) if raw else self.raw.cursor()
        try:
            action(cursor)
        except psycopg.Error as err:
            raise server_error(err, self.target, self.role) from err
        return cursor

    def _begin(self) -> _Cursor:
        """BEGIN, then the base's write lock, waiting as the connection says."""
        self._run(lambda c: c.execute("BEGIN"))
        start = time.monotonic()
        while True:
            row = self._run(lambda c: c.execute(
                f"SELECT pg_try_advisory_xact_lock({pgschema.WRITE_LOCK})")).fetchone()
            if row is not None and row[0]:
                return _Cursor(self.raw.cursor())
            if time.monotonic() - start >= self.wait:
                self._run(lambda c: c.execute("ROLLBACK"))
                raise StoreError(make_issue(Code.PG_BUSY, server=self.file,
                                            seconds=f"{self.wait:g}"))
            if self.notify is not None and not self.told:
                self.told = True
                issue = make_issue(Code.PG_WAITING, server=self.file, seconds=f"{self.wait:g}")
                self.notify(f"[{issue.code}] {issue.message}")
            time.sleep(_POLL)


def server_error(err: BaseException, target: ServerTarget, role: str = "") -> StoreError:
    """A driver's or server's error as a French refusal with its PG code."""
    import psycopg  # noqa: PLC0415
    from psycopg import errors  # noqa: PLC0415

    from evalsoc.store.db import StoreError  # noqa: PLC0415 - db imports this module

    detail = shown(target, _detail(err))
    server = str(target)
    if isinstance(err, errors.InsufficientPrivilege):
        return StoreError(make_issue(Code.PG_DENIED, role=role or "?", server=server,
                                     detail=detail))
    if isinstance(err, psycopg.OperationalError | psycopg.InterfaceError):
        return StoreError(make_issue(Code.PG_LOST, server=server, detail=detail))
    return StoreError(make_issue(Code.PG_SERVER, server=server, detail=detail))


def _detail(err: BaseException) -> str:
    diag = getattr(err, "diag", None)
    primary = getattr(diag, "message_primary", None) if diag is not None else None
    text = str(primary or err).strip().splitlines()
    return text[0].rstrip(".") if text else type(err).__name__


def _connect(target: ServerTarget, wait: float, notify: Any) -> PgConnection:
    from evalsoc.store.db import StoreError  # noqa: PLC0415

    try:
        import psycopg  # noqa: PLC0415
    except ImportError as err:
        raise StoreError(make_issue(Code.PG_NO_DRIVER, server=str(target))) from err
    try:
        raw = psycopg.connect(target.url, autocommit=True, connect_timeout=10,
                              application_name="evalsoc")
    except psycopg.Error as err:
        raise StoreError(make_issue(Code.PG_CONNECT, server=str(target),
                                    detail=shown(target, _detail(err)))) from err
    return PgConnection(raw, target, wait, notify)


def open_published(target: ServerTarget) -> PgConnection:
    """A read-only connection to the schema ``publication`` alone: what a reading role
    may open (the store's schema is closed to it)."""
    conn = _connect(target, 0.0, None)
    try:
        conn.execute("SET default_transaction_read_only = on")
    except BaseException:
        conn.close()
        raise
    return conn


def open_server(target: ServerTarget, write: bool, wait: float, notify: Any = None
                ) -> PgConnection:
    """The store on ``target``: created and migrated when ``write`` (refused, PG007, to a
    role that cannot migrate an outdated schema); read-only otherwise, and refused when
    the base holds no evalsoc schema (PG006)."""
    conn = _connect(target, wait, notify)
    try:
        conn.execute(f"SET search_path TO {pgschema.SCHEMA}")
        _ready(conn, write)
        if not write:
            conn.execute("SET default_transaction_read_only = on")
        conn.refresh()
    except BaseException:
        conn.close()
        raise
    return conn


def _ready(conn: PgConnection, write: bool) -> None:
    from evalsoc.store.db import StoreError  # noqa: PLC0415

    version = pgschema.VERSIONING.version(conn)
    server = str(conn.target)
    if version > SCHEMA_VERSION:
        raise StoreError(make_issue(
            Code.DB_STORE_VERSION, file=server,
            detail=f"schéma {version}, cette version connaît le {SCHEMA_VERSION}"))
    if version == SCHEMA_VERSION:
        return
    if version == 0 and not write:
        raise StoreError(make_issue(Code.PG_NO_SCHEMA, server=server))
    try:
        migrate(conn, versioning=pgschema.VERSIONING)
    except StoreVersionError as err:
        raise StoreError(make_issue(Code.DB_STORE_VERSION, file=server,
                                    detail=str(err))) from err
    except StoreError as err:
        if err.issue.code == Code.PG_DENIED.value:
            raise StoreError(make_issue(Code.PG_OUTDATED, server=server, version=version,
                                        expected=SCHEMA_VERSION, role=conn.role)) from err
        raise
