"""Writing files whole or not at all: the one way evalsoc writes an output."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["abandon_pending", "atomic_write"]

# temporary files being written by this process: a worker stopped by SIGTERM removes
# them before it ends (evalsoc.processes), so that no half-written file is left behind
_PENDING: set[str] = set()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, fsync, then rename over it: a reader,
    or a crash, never sees half a file. The file gets the usual permissions (the umask's),
    not a temporary file's 0600."""
    path.parent.mkdir(parents=True, exist_ok=True)
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
