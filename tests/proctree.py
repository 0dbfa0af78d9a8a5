"""A command's process tree seen from /proc (Linux): its processes, their memory."""

from __future__ import annotations

import subprocess
import threading
import time
from pathlib import Path

__all__ = ["alive", "descendants", "run_measured", "tree_rss"]

_PAGE = 4096


def _parents() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    return children


def descendants(pid: int) -> list[int]:
    children, found, todo = _parents(), [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    """Running (a zombie waiting to be reaped by init is not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def _rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0


def tree_rss(pid: int) -> int:
    return _rss(pid) + sum(_rss(p) for p in descendants(pid))


def run_measured(command: list[str], **options: object) -> tuple[
        subprocess.CompletedProcess[str], int]:
    """Run ``command``; also the peak of the summed resident memory of its process tree,
    sampled every 20 ms."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, **options)  # type: ignore[call-overload]
    peak = 0

    def sample() -> None:
        nonlocal peak
        while process.poll() is None:
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.02)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    out, err = process.communicate(timeout=600)
    watcher.join()
    return subprocess.CompletedProcess(command, process.returncode, out, err), peak
