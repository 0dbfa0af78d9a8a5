"""Tasks for evalsoc.support.isolation that die the way native code dies (imported by workers)."""

from __future__ import annotations

import os
import signal


def abort_on(keys: list[int], culprit: int) -> list[int]:
    """Double each key; abort the process (as a failed Rust allocation does) on one."""
    out = []
    for key in keys:
        if key == culprit:
            os.write(2, b"memory allocation of 549755813888 bytes failed\n")
            os.abort()
        out.append(key * 2)
    return out


def segfault_on(keys: list[int], culprit: int) -> list[int]:
    for key in keys:
        if key == culprit:
            os.kill(os.getpid(), signal.SIGSEGV)
    return [key * 2 for key in keys]


def lost(key: int, said: str) -> tuple[str, int, str]:
    return ("perdu", key, said)
