"""The output folder of a simulation: never mixed with real files, never left stale.

A simulation writes into an empty folder or over a previous simulation, recognised by
its ``simulation.json``: the files that one listed are removed first, so that a smaller
campaign does not leave workbooks of a bigger one behind. A folder holding anything
else is refused, so that fictitious workbooks never land among real returns; so is the
folder of an interrupted simulation, whose files were never listed.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from evalsoc import __version__
from evalsoc.catalogue import Code
from evalsoc.errors import FolderError
from evalsoc.support.files import atomic_write as write_atomic

__all__ = ["ANSWERS_DIR", "MANIFEST", "REGISTRY", "FolderError", "prepare_folder",
           "write_manifest"]

ANSWERS_DIR = "answers"
MANIFEST = "simulation.json"
REGISTRY = "structures.csv"
FORMAT = "evalsoc-simulation"
INTERRUPTED = ":interrompue:"


def prepare_folder(folder: Path) -> None:
    """Create the folder, or clear the previous simulation it holds; refuse anything else."""
    if folder.exists() and not folder.is_dir():
        raise FolderError.of(Code.ARCH_SIM_NOT_FOLDER, folder=folder)
    manifest = folder / MANIFEST
    if folder.is_dir() and any(folder.iterdir()):
        previous = _previous(manifest)
        if previous is None:
            raise FolderError.of(Code.ARCH_SIM_FOREIGN, folder=folder)
        if previous == [INTERRUPTED]:
            raise FolderError.of(Code.ARCH_SIM_INTERRUPTED, folder=folder)
        for name in previous:
            target = folder / name
            if target.parent.resolve() in (folder.resolve(), (folder / ANSWERS_DIR).resolve()):
                with contextlib.suppress(FileNotFoundError):
                    target.unlink()
    (folder / ANSWERS_DIR).mkdir(parents=True, exist_ok=True)
    write_manifest(folder, {"en_cours": True}, [])


def _previous(manifest: Path) -> list[str] | None:
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    if data.get("en_cours"):
        return [INTERRUPTED]
    files = data.get("fichiers", [])
    return [f for f in files if isinstance(f, str) and ".." not in f and not f.startswith("/")]


def write_manifest(folder: Path, parameters: dict[str, object], files: list[str]) -> None:
    """What was simulated, with which parameters, and every file written (relative)."""
    data = {"format": FORMAT, "evalsoc_version": __version__,
            "fictif": "Structures et réponses fictives, tirées au sort : aucune donnée réelle.",
            **parameters, "fichiers": files}
    write_atomic(folder / MANIFEST, json.dumps(data, ensure_ascii=False, indent=1)
                 .encode("utf-8"))
