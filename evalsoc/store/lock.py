"""One ingestion at a time per base: a lock file beside it, released even on a crash.

Two ``evalsoc ingest`` on the same base would each decide, from what the base held when
they started, which files are new and which version of a structure counts: their
decisions would cross. The second one waits (saying so once) for the first to finish,
up to the base's waiting time, then is refused (ENV008) with the first one's process
and start time; nothing is written meanwhile. Reading commands never take the lock.

The lock is the operating system's (``flock``, ``msvcrt.locking``): a killed process
releases it. The file ``<base>-verrou`` holds who took it, and is removed by its holder
on the way out; a waiting process checks, once it holds the lock, that the file it
locked is still the one at that path (its holder may have removed it meanwhile).
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import IO

from evalsoc.catalogue import Code
from evalsoc.issues import make_issue
from evalsoc.store.db import Notify, StoreError, wait_seconds, why
from evalsoc.store.target import ServerTarget, Target

__all__ = ["ingest_lock", "lock_path", "run_lock"]

_POLL = 0.1


def lock_path(db: Path) -> Path:
    return db.with_name(f"{db.name}-verrou")


@contextlib.contextmanager
def run_lock(db: Target, notify: Notify | None = None) -> Iterator[None]:
    """The ingestion lock of a SQLite base; nothing for a server, where several
    consultants write at once, each workbook in a transaction that holds the base's
    write lock (:mod:`evalsoc.store.backends.postgres`)."""
    if isinstance(db, ServerTarget):
        yield
        return
    with ingest_lock(db, notify):
        yield


@contextlib.contextmanager
def ingest_lock(db: Path, notify: Notify | None = None,
                wait: float | None = None) -> Iterator[None]:
    """Hold the base's ingestion lock for the block (see the module docstring)."""
    waiting = wait_seconds() if wait is None else wait
    path = lock_path(db)
    start = time.monotonic()
    told = False
    while True:
        handle = _open(path, db)
        if _try_lock(handle) and _still_there(handle, path):
            break
        holder = _holder(handle)
        handle.close()
        if time.monotonic() - start >= waiting:
            raise StoreError(make_issue(Code.ENV_INGEST_BUSY, file=str(db), holder=holder,
                                        seconds=f"{waiting:g}"))
        if notify is not None and not told:
            told = True
            issue = make_issue(Code.ENV_INGEST_WAITING, file=str(db), holder=holder,
                               seconds=f"{waiting:g}")
            notify(f"[{issue.code}] {issue.message}")
        time.sleep(_POLL)
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()} {datetime.now().strftime('%H:%M')}\n")
        handle.flush()
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()  # while still locked: a waiting process sees the file changed
        handle.close()


def _open(path: Path, db: Path) -> IO[str]:
    try:
        return path.open("a+", encoding="utf-8")
    except OSError as err:
        raise StoreError(make_issue(Code.ENV_DB_PATH, file=str(db), detail=why(err))) from err


def _still_there(handle: IO[str], path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(handle.fileno()), path.stat())
    except OSError:
        return False


def _holder(handle: IO[str]) -> str:
    with contextlib.suppress(OSError, ValueError):
        handle.seek(0)
        parts = handle.read(100).split()
        if len(parts) == 2:
            return f"processus {parts[0]}, commencée à {parts[1]}"
    return "processus inconnu"


if sys.platform == "win32":  # pragma: no cover - Windows only
    import msvcrt

    def _try_lock(handle: IO[str]) -> bool:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
else:
    import fcntl

    def _try_lock(handle: IO[str]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True
