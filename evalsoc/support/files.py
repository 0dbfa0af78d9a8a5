"""Writing files whole or not at all: the one way evalsoc writes an output."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO

from evalsoc.errors import NotRegularFileError

__all__ = ["NotRegularFileError", "abandon_pending", "atomic_write", "open_regular",
           "os_reason", "read_regular", "special_kind"]

# temporary files being written by this process: a worker stopped by SIGTERM removes
# them before it ends (evalsoc.support.processes), so that no half-written file is left behind
_PENDING: set[str] = set()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, fsync, then rename over it: a reader,
    or a crash, never sees half a file. The file gets the usual permissions (the umask's),
    not a temporary file's 0600."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError as err:  # a file stands where a folder of the path should be
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR),
                                 str(path.parent)) from err
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    _PENDING.add(tmp)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        _PENDING.discard(tmp)


def abandon_pending() -> None:
    """Remove the temporary files this process is writing (it is about to end)."""
    for tmp in list(_PENDING):
        with contextlib.suppress(OSError):
            Path(tmp).unlink(missing_ok=True)


def special_kind(mode: int) -> str | None:
    """What a file that is not a regular one is, in French (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "un dossier"
    if stat.S_ISFIFO(mode):
        return "un tube nommé (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "un périphérique"
    if stat.S_ISSOCK(mode):
        return "une socket"
    return "un fichier spécial"


def open_regular(path: Path) -> BinaryIO:
    """A regular file opened for reading, refused before reading anything when it is not
    one (NotRegularFileError), whatever the path became since it was listed."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)  # non-blocking: opening a FIFO does not wait for a writer
    handle = os.fdopen(fd, "rb")
    kind = special_kind(os.fstat(fd).st_mode)
    if kind is not None:
        handle.close()
        raise NotRegularFileError.at(path, kind)
    return handle


def read_regular(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file (see :func:`open_regular`); at most ``limit`` + 1 bytes
    are read (the caller sees the file is too big)."""
    with open_regular(path) as handle:
        return handle.read() if limit is None else handle.read(limit + 1)


_OS_REASONS = {
    1: "opération non permise", 2: "fichier ou dossier introuvable",
    5: "erreur d'entrée-sortie du disque", 13: "permission refusée",
    17: "le fichier existe déjà", 20: "un élément du chemin n'est pas un dossier",
    21: "c'est un dossier", 24: "trop de fichiers ouverts",
    28: "plus de place sur le disque", 30: "système de fichiers en lecture seule",
    36: "nom de fichier trop long", 39: "le dossier n'est pas vide",
    122: "quota de disque dépassé",
}


def os_reason(err: OSError) -> str:
    """An operating-system error in French (the English strerror is never shown alone)."""
    if isinstance(err, NotRegularFileError):
        return f"ce n'est pas un fichier ordinaire mais {err.kind}"
    reason = _OS_REASONS.get(err.errno or 0)
    if reason is not None:
        return reason
    return f"erreur système {err.errno} : {err.strerror}" if err.errno else str(err)
