"""The answers JSON of each scored workbook (docs/format-reponses.md): what
``evalsoc score --reponses DOSSIER`` writes, and ``evalsoc explain --answers`` reads back
into the very same trace.

One file per scored structure, named after its workbook (``retour.xlsx`` gives
``retour.json``), holding every answer that entered its scores: its own, and those of the
individual forms joined to it, each with its raw text and its cell, and the comments
written beside them. A name already taken in this run gets a number; a file given as an
input is never written over.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from evalsoc.batch.run import BatchItem
from evalsoc.support.files import atomic_write

__all__ = ["answers_json", "write_answer_sets"]


def answers_json(item: BatchItem) -> bytes:
    """The answer set of a scored item, as the JSON format spells it."""
    assert item.read.answers is not None
    data = item.read.answers.model_dump(mode="json", exclude_none=True)
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_answer_sets(folder: Path, items: Sequence[BatchItem],
                      inputs: Iterable[Path] = ()) -> list[Path]:
    """Write the answers of every scored structure into ``folder``; the files written
    (OSError when the folder cannot be made or written to)."""
    folder.mkdir(parents=True, exist_ok=True)
    forbidden = {p.resolve() for p in inputs}
    taken: set[str] = set()
    written: list[Path] = []
    for item in items:
        if item.result is None or item.read.answers is None or item.read.without_answers:
            continue
        stem, count = Path(item.read.file).stem, 1
        target = folder / f"{stem}.json"
        while target.name.casefold() in taken or target.resolve() in forbidden:
            count += 1
            target = folder / f"{stem}-{count}.json"
        taken.add(target.name.casefold())
        atomic_write(target, answers_json(item))
        written.append(target)
    return written
