"""Many workbooks at once: read in parallel, merge individual forms, score the valid ones.

One bad file never stops a batch: every failure, even an unexpected one, becomes an issue
on that file and the others go on.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from evalsoc.answers import AnswerSet
from evalsoc.catalogue import Code
from evalsoc.excel.workbook import WorkbookRead, read_workbook
from evalsoc.issues import Report, Severity, make_issue
from evalsoc.referentiel.registry import resolve
from evalsoc.scoring import ScoreResult, score

__all__ = ["SUFFIXES", "BatchItem", "expand_paths", "read_all", "score_all"]

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
Progress = Callable[[Iterator[WorkbookRead], int], Iterable[WorkbookRead]]


@dataclass(frozen=True)
class BatchItem:
    read: WorkbookRead
    result: ScoreResult | None = None
    merged: tuple[str, ...] = ()  # individual forms merged into this structure's answers


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the spreadsheet files inside folders (recursively), sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file()
                            and p.suffix.lower() in SUFFIXES and not p.name.startswith((".", "~$")))
        else:
            found.append(path)
    return found


def _read_safely(path: Path, root: Path | None) -> WorkbookRead:
    try:
        read = read_workbook(path, root)
    except Exception as err:  # one file's bug must not stop the batch
        issue = make_issue(Code.XL_INTERNAL, file=str(path), detail=f"{type(err).__name__}: "
                           f"{err}"[:200])
        return WorkbookRead(str(path), issues=(issue,))
    return dataclasses.replace(read, referentiel=None)  # cheap to send between processes


def _read_chunk(args: tuple[list[str], str | None]) -> list[WorkbookRead]:
    paths, root = args
    return [_read_safely(Path(p), Path(root) if root else None) for p in paths]


def read_all(paths: list[Path], workers: int = 1, root: Path | None = None,
             progress: Progress | None = None) -> list[WorkbookRead]:
    """Read every file (in ``workers`` processes), in the order given."""
    if workers <= 1 or len(paths) < 8:
        reads: Iterator[WorkbookRead] = (_read_safely(p, root) for p in paths)
    else:
        size = max(1, min(16, len(paths) // (workers * 4)))
        chunks = [([str(p) for p in paths[i:i + size]], str(root) if root else None)
                  for i in range(0, len(paths), size)]
        pool = ProcessPoolExecutor(max_workers=workers)
        reads = (r for chunk in pool.map(_read_chunk, chunks) for r in chunk)
    try:
        out = list(progress(reads, len(paths)) if progress else reads)
    finally:
        if workers > 1 and len(paths) >= 8:
            pool.shutdown()
    return [_attach(r, root) for r in out]


def _attach(read: WorkbookRead, root: Path | None) -> WorkbookRead:
    if read.answers is None:
        return read
    _, ref = resolve(read.answers.referentiel, root)
    return dataclasses.replace(read, referentiel=ref)


def default_workers(count: int) -> int:
    return 1 if count < 8 else max(1, min(4, os.cpu_count() or 1))


def score_all(reads: list[WorkbookRead]) -> list[BatchItem]:
    """Merge individual forms into their structure, then score every valid structure."""
    parents = {r.answers.questionnaire_id: r for r in reads
               if r.valid and not r.individual and r.answers and r.answers.questionnaire_id}
    extra: dict[str, list[WorkbookRead]] = {}
    items: list[BatchItem] = []
    seen: dict[str, str] = {}
    for original in reads:
        read = original
        if read.individual and read.valid:
            parent = parents.get(read.meta.get("parent_questionnaire_id", ""))
            if parent is None:
                orphan = make_issue(Code.XL_ORPHAN_INDIVIDUAL, file=read.file,
                                    parent=read.meta.get("parent_questionnaire_id", "?"),
                                    structure=read.meta.get("structure_id", "?"))
                read = dataclasses.replace(read, issues=(*read.issues, orphan))
            else:
                extra.setdefault(parent.file, []).append(read)
        elif read.valid and read.answers is not None:
            ident = read.answers.structure.id
            if ident in seen:
                dup = make_issue(Code.XL_DUPLICATE_STRUCTURE, file=read.file, structure=ident,
                                 other=seen[ident])
                read = dataclasses.replace(read, issues=(*read.issues, dup))
            seen.setdefault(ident, read.file)
        items.append(BatchItem(read))
    return [_scored(item, extra.get(item.read.file, [])) for item in items]


def _scored(item: BatchItem, forms: list[WorkbookRead]) -> BatchItem:
    read = item.read
    if not read.valid or read.individual or read.answers is None or read.referentiel is None:
        return item
    answers = _merge(read.answers, [f.answers for f in forms if f.answers is not None])
    result = score(read.referentiel, answers, read.ref_hash)
    return BatchItem(dataclasses.replace(read, answers=answers), result,
                     tuple(f.file for f in forms))


def _merge(base: AnswerSet, forms: list[AnswerSet]) -> AnswerSet:
    if not forms:
        return base
    respondents = list(base.respondents)
    answers = list(base.answers)
    for form in forms:
        respondents += [r for r in form.respondents if r.group != "structure"]
        answers += [a for a in form.answers if a.respondent != "structure"]
    return base.model_copy(update={"respondents": tuple(respondents),
                                   "answers": tuple(answers)})


def has_errors(items: Iterable[BatchItem]) -> bool:
    return any(i.severity is Severity.ERROR for item in items for i in item.read.issues)


def reports(items: Iterable[BatchItem]) -> list[Report]:
    """The check report of every file, in order: what ``evalsoc check --json`` prints."""
    return [Report(source=item.read.file, sha256=item.read.sha256,
                   structure=item.read.answers.structure.id if item.read.answers else None,
                   issues=item.read.issues) for item in items]


def check_paths(paths: Iterable[Path], workers: int | None = None, root: Path | None = None,
                progress: Progress | None = None) -> list[BatchItem]:
    """Read and check every workbook under ``paths``; score the valid structures."""
    files = expand_paths(paths)
    count = default_workers(len(files)) if workers is None else workers
    return score_all(read_all(files, count, root, progress))
