"""Tasks for evalsoc.support.isolation that die the way native code dies (imported by workers)."""

from __future__ import annotations

import os
import signal
import struct
import sys


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


def dies_half_way_through_its_result(keys: list[int], _context: object) -> list[int]:
    """Die as a worker killed while it hands its result back: the start of a message
    (its length, then a few of its bytes) on the pool's result pipe, then SIGKILL."""
    frame = sys._getframe(1)
    while frame is not None and "result_queue" not in frame.f_locals:
        frame = frame.f_back  # type: ignore[assignment]
    assert frame is not None, "not run by a ProcessPoolExecutor worker"
    writer = frame.f_locals["result_queue"]._writer
    os.write(writer.fileno(), struct.pack("!i", 1000) + b"0123456789")
    os.kill(os.getpid(), signal.SIGKILL)
    return keys
