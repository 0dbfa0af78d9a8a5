"""Opening the store: one SQLite file, WAL journal, explicit transactions, and a clear
French refusal for every way the file can be wrong; or a PostgreSQL server, given as a
``postgresql://`` URL (:mod:`evalsoc.store.backends.postgres`), behind the same
connection interface (:class:`evalsoc.store.backends.Connection`).

Exceptions (all :class:`StoreError`, whose ``issue`` is the catalogue message):

- the file is absent (a command that reads), not a database at all, damaged, empty, or
  another application's database: refused before anything is written to it (the file
  is first looked at through a ``mode=ro`` connection), so a foreign file is never
  modified (no tables added, no WAL switch); commands that only read open an evalsoc
  base ``query_only``;
- the base is busy: a write waits, saying so once, up to :func:`wait_seconds`, then is
  refused (ENV006);
- the path cannot be written (folder, permissions, a read-only file).

Every connection is an :class:`EvalsocConnection`, which carries how long to wait and
whom to tell.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from evalsoc.catalogue import Code
from evalsoc.errors import StoreError, StoreVersionError
from evalsoc.excel.links import derived_link
from evalsoc.issues import make_issue
from evalsoc.store.backends import Connection
from evalsoc.store.schema import SCHEMA_VERSION, TABLES, migrate
from evalsoc.store.target import DEFAULT_DB, ServerTarget, Target
from evalsoc.support.files import os_reason

__all__ = ["DEFAULT_DB", "EvalsocConnection", "StoreError", "connect", "open_store",
           "transaction", "wait_seconds", "why"]

_HEADER = b"SQLite format 3\x00"
_ATTEMPT = 0.25  # seconds SQLite itself waits on a lock before we look again
Notify = Callable[[str], None]


def wait_seconds() -> float:
    """How long a command waits for a busy base: EVALSOC_ATTENTE_BASE seconds, 60 by
    default."""
    try:
        return max(0.0, float(os.environ.get("EVALSOC_ATTENTE_BASE", "60")))
    except ValueError:
        return 60.0


class EvalsocConnection(sqlite3.Connection):
    """A connection that knows how long to wait for a busy base, and whom to tell."""

    wait: float = 60.0
    notify: Notify | None = None
    file: str = ""
    told: bool = False


def _fail(code: Code, **fields: object) -> StoreError:
    return StoreError(make_issue(code, **fields))


def why(err: BaseException) -> str:
    """An OS or SQLite error as a French reason (never the English text alone)."""
    if isinstance(err, OSError):
        return os_reason(err)
    text = str(err).lower()
    for needle, reason in _SQLITE_REASONS:
        if needle in text:
            return reason
    return f"erreur SQLite « {err} »"


_SQLITE_REASONS = (
    ("readonly", "le fichier ou son dossier est en lecture seule"),
    ("unable to open", "le fichier ne peut pas être ouvert (dossier absent ou sans droit "
                       "d'écriture)"),
    ("disk i/o", "erreur d'entrée-sortie du disque"),
    ("full", "plus de place sur le disque"),
    ("malformed", "le fichier est endommagé"),
    ("not a database", "ce n'est pas une base SQLite"),
    ("locked", "la base est occupée par un autre programme"),
    ("busy", "la base est occupée par un autre programme"),
)


def _probing(path: Path) -> str:
    """How to look at the file without leaving anything beside it: ``immutable`` makes
    no journal file, but reads the main file only; when a journal holds transactions not
    yet copied into it (a base being written, a crash), the file is read through it."""
    journal = path.with_name(f"{path.name}-wal")
    try:
        pending = journal.stat().st_size > 0
    except OSError:
        pending = False
    return "mode=ro" if pending else "mode=ro&immutable=1"


def _probe(path: Path) -> None:
    """Refuse, without writing a byte, a file that is not an evalsoc base (or an empty
    one, which becomes one)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(_HEADER))
    except OSError as err:
        raise _fail(Code.ENV_DB_PATH, file=str(path), detail=why(err)) from err
    if head and head != _HEADER:
        raise _fail(Code.ENV_DB_NOT_SQLITE, file=str(path))
    if not head:
        return
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?{_probing(path)}", uri=True,
                               timeout=5)
    except sqlite3.Error as err:
        raise _fail(Code.ENV_DB_DAMAGED, file=str(path), detail=why(err)) from err
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as err:
        raise _fail(Code.ENV_DB_DAMAGED, file=str(path), detail=why(err)) from err
    finally:
        conn.close()
    if version > SCHEMA_VERSION and {"campaigns", "submissions"} <= tables:
        raise StoreVersionError.of(
            Code.DB_STORE_VERSION, file=str(path),
            detail=f"schéma {version}, cette version connaît le {SCHEMA_VERSION}")
    if tables and not set(TABLES[:2]) <= tables:
        shown = ", ".join(sorted(tables)[:6]) + (" …" if len(tables) > 6 else "")
        raise _fail(Code.ENV_DB_FOREIGN, file=str(path), tables=shown)


def open_store(path: Target, write: bool = False, notify: Notify | None = None,
               wait: float | None = None) -> Connection:
    """The store at ``path``, checked (see the module docstring). ``write``: created when
    absent and migrated to the current schema; otherwise read-only, and refused when
    absent or empty (ENV001, ENV016). ``notify`` hears, once, that the base is busy."""
    waiting = wait_seconds() if wait is None else wait
    if isinstance(path, ServerTarget):
        from evalsoc.store.backends.postgres import open_server  # noqa: PLC0415

        return open_server(path, write, waiting, notify)
    if path.exists() and not path.is_file():
        raise _fail(Code.ENV_DB_PATH, file=str(path), detail="ce n'est pas un fichier")
    if not path.exists():
        if not write:
            raise _fail(Code.ENV_NO_DB, file=str(path))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError as err:  # a file where a folder of the path should be
            raise _fail(Code.ENV_DB_PATH, file=str(path), detail=why(
                NotADirectoryError(20, "not a directory"))) from err
        except OSError as err:
            raise _fail(Code.ENV_DB_PATH, file=str(path), detail=why(err)) from err
    else:
        _probe(path)
    conn = _connect(path, write, waiting, notify)
    try:
        if write:
            _writable(conn, path)
            migrate(conn, lambda sql: run(conn, sql), file=str(path))
        else:
            _readable(conn, path, waiting, notify)
    except sqlite3.DatabaseError as err:
        conn.close()
        raise _fail(Code.ENV_DB_DAMAGED, file=str(path), detail=why(err)) from err
    except BaseException:
        conn.close()
        raise
    return conn


def _connect(path: Path, write: bool, waiting: float, notify: Notify | None
             ) -> EvalsocConnection:
    """For reading, an evalsoc base (probed) is opened with ``query_only``: nothing can
    be written through the connection, and, as the last one to close, it still removes
    the journal files (a ``mode=ro`` connection leaves them behind); a file that cannot
    be written at all is opened ``mode=ro``."""
    targets = [(str(path), False)] if write else [
        (f"{path.resolve().as_uri()}?mode=rw", True), (f"{path.resolve().as_uri()}?mode=ro", True)]
    for number, (target, uri) in enumerate(targets):
        try:
            conn = sqlite3.connect(target, uri=uri, isolation_level=None,
                                   timeout=_ATTEMPT if write else max(_ATTEMPT, waiting),
                                   factory=EvalsocConnection)
            if not write:
                conn.execute("PRAGMA query_only = ON")
            break
        except sqlite3.Error as err:
            if number + 1 == len(targets):
                raise _fail(Code.ENV_DB_PATH, file=str(path), detail=why(err)) from err
    assert isinstance(conn, EvalsocConnection)
    conn.wait, conn.notify, conn.file = waiting, notify, str(path)
    conn.create_function("evalsoc_link", 2, _link, deterministic=True)
    return conn


def _link(structure_id: str, referentiel: str) -> str:
    """The derived link of a stored structure submission, for SQL (migration 3)."""
    return derived_link(structure_id, referentiel)


def _writable(conn: EvalsocConnection, path: Path) -> None:
    """WAL (readers keep working during an ingest; a killed process leaves the last
    committed transaction intact) and ``synchronous=NORMAL`` (durable against a crash of
    the process, not of the machine: what a batch on a laptop needs)."""
    try:
        run(conn, "PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.OperationalError as err:
        raise _fail(Code.ENV_DB_PATH, file=str(path), detail=why(err)) from err


def _readable(conn: EvalsocConnection, path: Path, waiting: float,
              notify: Notify | None) -> None:
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as err:
        raise _fail(Code.ENV_DB_DAMAGED, file=str(path), detail=why(err)) from err
    if version == 0:
        raise _fail(Code.ENV_DB_EMPTY, file=str(path))
    if version < SCHEMA_VERSION:  # an older evalsoc's base: brought up to date once
        open_store(path, write=True, notify=notify, wait=waiting).close()


def connect(path: Target) -> Connection:
    """The store at ``path`` for writing (created if absent), migrated."""
    return open_store(path, write=True)


def run(conn: Connection, sql: str) -> object:
    """Execute a statement that takes the write lock, waiting for a busy base as the
    connection says (once told to the user), then refusing (ENV006)."""
    start = time.monotonic()
    while True:
        try:
            return conn.execute(sql)
        except sqlite3.OperationalError as err:
            if not _busy(err):
                raise
            _waited(conn, start, err)


def _busy(err: sqlite3.OperationalError) -> bool:
    text = str(err).lower()
    return "locked" in text or "busy" in text


def _waited(conn: Connection, start: float, err: BaseException) -> None:
    wait = getattr(conn, "wait", 60.0)
    file = getattr(conn, "file", "")
    if time.monotonic() - start >= wait:
        raise _fail(Code.ENV_DB_BUSY, file=file, seconds=f"{wait:g}") from err
    notify = getattr(conn, "notify", None)
    if notify is not None and not getattr(conn, "told", True):
        conn.told = True  # type: ignore[attr-defined]
        issue = make_issue(Code.ENV_DB_WAITING, file=file, seconds=f"{wait:g}")
        notify(f"[{issue.code}] {issue.message}")
    time.sleep(_ATTEMPT / 5)


@contextmanager
def transaction(conn: Connection) -> Iterator[Connection]:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error: all of it or none of it."""
    run(conn, "BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        with contextlib.suppress(Exception):  # a lost connection: the server rolls back
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")

