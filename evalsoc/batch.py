"""Many workbooks at once: read in parallel, merge individual forms, score the valid ones.

One bad file never stops a batch: every failure, even an unexpected one, becomes an issue
on that file and the others go on.
"""

from __future__ import annotations

import dataclasses
import gc
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from evalsoc.answers import AnswerSet, Comment
from evalsoc.catalogue import Code
from evalsoc.excel.workbook import Resolved, WorkbookRead, read_workbook
from evalsoc.issues import Issue, Report, Severity, make_issue
from evalsoc.processes import worker_pool
from evalsoc.referentiel.model import Referentiel
from evalsoc.referentiel.registry import default_root, resolve
from evalsoc.relations import is_structure, relate
from evalsoc.scoring import ScoreResult, score

__all__ = ["SUFFIXES", "BatchItem", "FileReport", "chunks_of", "expand_paths", "read_all",
           "score_all"]

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
Progress = Callable[[Iterator["BatchItem"], int], Iterable["BatchItem"]]


@dataclass(frozen=True)
class Wanted:
    """What a batch keeps of each file besides its issues."""

    scores: bool = True  # score the valid structures (``check`` only needs the issues)
    trace: bool = False  # with their explanations (a third of the scoring cost)
    # with their answers; without, a worker sends back a fraction of the size
    answers: bool = True


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


def _process(path: Path, root: Path | None, wanted: Wanted = Wanted(),
             resolved: Resolved | None = None, detach: bool = True) -> BatchItem:
    """Read one file and score it when it is a valid structure workbook (and scores are
    wanted); never raises. Without ``wanted.answers`` the answers of a structure are
    dropped once scored, or once read when no score is wanted. ``detach``: the item
    goes to another process, without its référentiel (see _attach)."""
    try:
        read = read_workbook(path, root, resolved, sources=wanted.answers or wanted.trace)
        result = None
        if wanted.scores and is_structure(read) and read.answers and read.referentiel:
            result = score(read.referentiel, read.answers, read.ref_hash, wanted.trace)
    except BaseException as err:  # one file's bug must not stop the batch
        if not isinstance(err, Exception) and type(err).__name__ != "PanicException":
            raise  # Ctrl-C, exit: the batch stops; a panic of the Rust reader does not
        issue = make_issue(Code.XL_INTERNAL, file=str(path), detail=f"{type(err).__name__}: "
                           f"{err}"[:200])
        return BatchItem(WorkbookRead(str(path), issues=(issue,)))
    if detach:  # the référentiel is not sent between processes: attached again after
        read = dataclasses.replace(read, referentiel=None)
    if not wanted.answers and read.answers is not None and (
            result is not None or not wanted.scores):
        read = dataclasses.replace(read, answers=read.answers.model_copy(
            update={"answers": (), "respondents": ()}), without_answers=True)
    return BatchItem(read, result)


def _process_chunk(args: tuple[list[str], str | None, Wanted],
                   resolved: Resolved | None = None) -> list[BatchItem]:
    """The items of a chunk read in another process, or in this one with ``resolved``
    (the référentiels this process found so far)."""
    paths, root, wanted = args
    here = resolved is not None
    with _fewer_collections():
        return [_process(Path(p), Path(root) if root else None, wanted,
                         resolved if here else {}, detach=not here) for p in paths]


# A workbook makes tens of thousands of objects and keeps few: at Python's default pace
# the cyclic garbage collector walks the référentiel and every result kept so far many
# times per workbook (about a tenth of a batch's time). Reading makes few reference
# cycles, so it runs far less often while a batch is read, as before afterwards.
_BATCH_THRESHOLDS = (20_000, 50, 50)


@contextmanager
def _fewer_collections() -> Iterator[None]:
    before = gc.get_threshold()
    gc.set_threshold(*(max(b, t) for b, t in zip(before, _BATCH_THRESHOLDS, strict=True)))
    try:
        yield
    finally:
        gc.set_threshold(*before)


def iter_items(paths: list[Path], workers: int = 1, root: Path | None = None,
               trace: bool = False, answers: bool = True, scores: bool = True
               ) -> Iterator[BatchItem]:
    """Every file read (and scored when it can be, unless ``scores`` is False), in the
    order given, lazily; with ``workers`` > 1 in that many processes (this one and
    ``workers`` - 1 others), a bounded number of chunks in flight. ``answers=False``:
    structures come without their answers (see _process)."""
    known: dict[str, Referentiel] = {}
    wanted = Wanted(scores, trace, answers)
    # the référentiels' folder as this process sees it: worker processes are forked from
    # a server started once, whose environment may be older than this one's
    root = root if root is not None else default_root()
    resolved: Resolved = {}
    if workers <= 1 or len(paths) < 8:
        with _fewer_collections():
            for path in paths:
                yield _process(path, root, wanted, resolved, detach=False)
        return
    chunks = [([str(p) for p in chunk], str(root) if root else None, wanted)
              for chunk in chunks_of(paths, workers)]
    # This process reads too, whenever the others have enough chunks queued: what it
    # reads is not sent between processes (about a tenth of the work of scoring a file).
    queued = 2 * (workers - 1)
    with worker_pool(workers - 1) as pool, _fewer_collections():
        pending: deque[Future[list[BatchItem]] | list[BatchItem]] = deque()
        for chunk in chunks:
            if sum(map(_waiting, pending)) < queued:
                pending.append(pool.submit(_process_chunk, chunk))
            else:
                pending.append(_process_chunk(chunk, resolved))
            while pending and not _waiting(pending[0]):
                yield from _items(pending.popleft(), root, known)
        while pending:
            yield from _items(pending.popleft(), root, known)


def chunks_of(paths: list[Path], workers: int) -> list[list[Path]]:
    """The files in chunks for ``workers`` processes: up to 16 files (fewer for a small
    batch), fewer again towards the end, so that no process is left waiting long for the
    last chunks of the others."""
    chunks: list[list[Path]] = []
    start = 0
    while start < len(paths):
        size = max(1, min(16, (len(paths) - start) // (workers * 4)))
        chunks.append(paths[start:start + size])
        start += size
    return chunks


def _waiting(chunk: Future[list[BatchItem]] | list[BatchItem]) -> bool:
    return isinstance(chunk, Future) and not chunk.done()


def _items(chunk: Future[list[BatchItem]] | list[BatchItem], root: Path | None,
           known: dict[str, Referentiel]) -> list[BatchItem]:
    """A chunk's items, with their référentiel when another process read them."""
    if isinstance(chunk, Future):
        return [_attach(item, root, known) for item in chunk.result()]
    return chunk


def read_all(paths: list[Path], workers: int = 1, root: Path | None = None,
             progress: Progress | None = None, trace: bool = False,
             answers: bool = True, scores: bool = True) -> list[BatchItem]:
    """Every file read and, when valid, scored on its own (see :func:`score_all`)."""
    items = iter_items(paths, workers, root, trace, answers, scores)
    return list(progress(items, len(paths)) if progress else items)


def _attach(item: BatchItem, root: Path | None,
            known: dict[str, Referentiel]) -> BatchItem:
    """Give the item its référentiel back (resolved once per batch, not per file)."""
    read = item.read
    if read.answers is None:
        return item
    name = read.answers.referentiel
    ref = known.get(name) or known.setdefault(name, resolve(name, root)[1])
    return dataclasses.replace(item, read=dataclasses.replace(read, referentiel=ref))


def default_workers(count: int) -> int:
    return 1 if count < 8 else max(1, min(4, os.cpu_count() or 1))


def score_all(items: list[BatchItem], root: Path | None = None,
              scores: bool = True) -> list[BatchItem]:
    """Merge individual forms into their structure (re-scoring it, when ``scores``),
    flag forms without their structure, structures and forms present twice
    (:func:`evalsoc.relations.relate`)."""
    forms, flags = relate([item.read for item in items])
    out = [_flag(item, flags[item.read.file]) if item.read.file in flags else item
           for item in items]
    if not scores:
        return out
    return [_merged(item, forms[item.read.file], root) if item.read.file in forms else item
            for item in out]


def _flag(item: BatchItem, issues: list[Issue]) -> BatchItem:
    return BatchItem(dataclasses.replace(item.read, issues=(*item.read.issues, *issues)),
                     item.result, item.merged)


def _merged(item: BatchItem, forms: list[WorkbookRead], root: Path | None) -> BatchItem:
    read = item.read
    if read.without_answers:  # its forms join its answers: read them again
        again = read_workbook(Path(read.file), root).answers
        read = dataclasses.replace(read, answers=again, without_answers=False)
    assert read.answers is not None and read.referentiel is not None
    answers = merge_answers(read.answers, [f.answers for f in forms if f.answers is not None])
    result = score(read.referentiel, answers, read.ref_hash)
    return BatchItem(dataclasses.replace(read, answers=answers), result,
                     tuple(f.file for f in forms))


def merge_answers(base: AnswerSet, forms: list[AnswerSet]) -> AnswerSet:
    """A structure's answers with the respondents of its individual forms added."""
    respondents = list(base.respondents)
    answers = list(base.answers)
    comments = list(base.comments)
    for form in forms:
        respondents += [r for r in form.respondents if r.group != "structure"]
        answers += [a for a in form.answers if a.respondent != "structure"]
        comments += [c for c in form.comments if c.respondent != "structure"]
    return base.model_copy(update={"respondents": tuple(respondents),
                                   "answers": tuple(answers), "comments": tuple(comments)})


def has_errors(items: Iterable[BatchItem]) -> bool:
    return any(i.severity is Severity.ERROR for item in items for i in item.read.issues)


class FileReport(Report):
    """A file's report, with what its respondents wrote beside their answers."""

    comments: tuple[Comment, ...] = ()


def reports(items: Iterable[BatchItem]) -> list[FileReport]:
    """The check report of every file, in order: what ``evalsoc check --json`` prints."""
    return [FileReport(source=item.read.file, sha256=item.read.sha256,
                       structure=item.read.answers.structure.id if item.read.answers else None,
                       issues=item.read.issues,
                       comments=item.read.answers.comments if item.read.answers else ())
            for item in items]


def check_paths(paths: Iterable[Path], workers: int | None = None, root: Path | None = None,
                progress: Progress | None = None, trace: bool = False,
                answers: bool = True, scores: bool = True) -> list[BatchItem]:
    """Read and check every workbook under ``paths``; score the valid structures unless
    ``scores`` is False (with their explanations when ``trace``; without their answers
    unless ``answers``)."""
    files = expand_paths(paths)
    count = default_workers(len(files)) if workers is None else workers
    return score_all(read_all(files, count, root, progress, trace, answers, scores), root,
                     scores)
