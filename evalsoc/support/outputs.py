"""Outputs that never touch inputs: every path a command will write, checked before it
reads anything.

A command refuses (ENV014) an output that is one of its inputs (the same file, whatever
the path that names it: links, ``..``, letter case on a case-insensitive disk), and
(ENV015) two outputs that would land on the same file.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from evalsoc.catalogue import Code
from evalsoc.errors import OutputError
from evalsoc.issues import make_issue

__all__ = ["OutputError", "check_outputs", "mirrored"]


def _key(path: Path) -> str:
    """A file's identity for comparison: its resolved path, case-folded (two names that
    differ only by case are the same file on the disks of Windows and macOS)."""
    return os.path.normcase(str(path.resolve())).casefold()


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def check_outputs(outputs: Mapping[Path, str], inputs: Iterable[Path]) -> None:
    """``outputs``: each path to write -> what it is written for (an input's name, a
    table's...). Raises OutputError on the first clash."""
    given = list(inputs)
    by_key = {_key(p): p for p in given}
    seen: dict[str, tuple[Path, str]] = {}
    for output, origin in outputs.items():
        key = _key(output)
        source = by_key.get(key) or next((p for p in given if _same_file(p, output)), None)
        if source is not None:
            raise OutputError(make_issue(Code.ENV_OVERWRITES_INPUT, output=str(output),
                                         input=str(source)))
        if key in seen and seen[key][1] != origin:
            raise OutputError(make_issue(Code.ENV_OUTPUT_CLASH, first=seen[key][1],
                                         second=origin, output=str(output)))
        seen[key] = (output, origin)


def mirrored(given: Iterable[Path], files: Iterable[Path], folder: Path) -> dict[Path, Path]:
    """Each file's place under ``folder``: its path relative to what was given (the
    folder given, or the closest folder holding everything given), name and extension
    kept. Two files of the same name in different subfolders keep apart."""
    roots = [_absolute(p) if p.is_dir() else _absolute(p).parent for p in given]
    try:
        base = Path(os.path.commonpath(roots)) if roots else Path.cwd()
    except ValueError:  # paths on different drives (Windows)
        base = None
    places = {}
    for file in files:
        absolute = _absolute(file)
        try:
            relative = absolute.relative_to(base) if base else Path(absolute.name)
        except ValueError:
            relative = Path(absolute.name)
        places[file] = folder / relative
    return places


def _absolute(path: Path) -> Path:
    """Absolute, ``..`` folded, links kept (a linked file keeps its place in the tree)."""
    return Path(os.path.abspath(path))  # noqa: PTH100 - resolve() would follow links
