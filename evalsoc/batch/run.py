"""Many workbooks at once: read in parallel, merge individual forms, score the valid ones.

One bad file never stops a batch: every failure, even an unexpected one, becomes an issue
on that file and the others go on.
"""

from __future__ import annotations

import dataclasses
import gc
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from evalsoc.answers.model import AnswerSet, Comment
from evalsoc.batch.relations import is_structure, relate
from evalsoc.catalogue import Code
from evalsoc.errors import NothingToRead
from evalsoc.excel.workbook import Resolved, WorkbookRead, read_workbook
from evalsoc.issues import Issue, Report, Severity, make_issue
from evalsoc.referentiel.model import Referentiel
from evalsoc.referentiel.registry import default_root, resolve
from evalsoc.scoring import ScoreResult, score
from evalsoc.support.isolation import LOST_DETAIL, Isolated

__all__ = ["SUFFIXES", "BatchItem", "FileReport", "NothingToRead", "chunks_of",
           "expand_paths", "find_workbooks", "read_all", "score_all"]

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

    def as_json(self) -> dict[str, object]:
        """What ``evalsoc score --json`` prints of a file: its problems and its scores."""
        return {"file": self.read.file, "valid": self.read.valid,
                "issues": [i.model_dump(mode="json") for i in self.read.issues],
                "result": self.result.model_dump(mode="json") if self.result else None}


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the spreadsheet files inside folders (recursively), sorted.
    Inside folders, anything with a spreadsheet's name that is not a folder is listed,
    even a FIFO or a device: it is then refused by name (ENV013), never silently left
    out, and never read."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES
                            and not p.name.startswith((".", "~$")) and not p.is_dir())
        else:
            found.append(path)
    return found


def find_workbooks(paths: Iterable[Path]) -> list[Path]:
    """:func:`expand_paths`, refusing an empty result (NothingToRead)."""
    given = list(paths)
    found = expand_paths(given)
    if not found:
        shown = ", ".join(str(p) for p in given[:5]) + (" …" if len(given) > 5 else "")
        raise NothingToRead(make_issue(Code.ENV_NO_WORKBOOK, paths=shown or "(rien)"))
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


# the référentiels a worker process found so far, kept from one chunk to the next
_RESOLVED: Resolved = {}


def _read_chunk(paths: list[str], context: tuple[str | None, Wanted]) -> list[BatchItem]:
    """The items of a chunk, read in a worker process (see :mod:`evalsoc.support.isolation`)."""
    root, wanted = context
    with _fewer_collections():
        return [_process(Path(p), Path(root) if root else None, wanted, _RESOLVED)
                for p in paths]


def _lost(path: str, said: str) -> BatchItem:
    """A file whose reading killed the worker process (a native crash of a reader)."""
    issue = make_issue(Code.XL_INTERNAL, file=path,
                       detail=f"{LOST_DETAIL} : {said}" if said else LOST_DETAIL)
    return BatchItem(WorkbookRead(path, issues=(issue,)))


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
               trace: bool = False, answers: bool = True, scores: bool = True,
               isolate: bool = False) -> Iterator[BatchItem]:
    """Every file read (and scored when it can be, unless ``scores`` is False), in the
    order given, lazily. With ``workers`` > 1, or ``isolate``, files are read in that
    many worker processes (at least one), never in this one: a file that crashes the
    reader, even natively, costs only itself (XL099) and the batch goes on. Otherwise
    they are read here. ``answers=False``: structures come without their answers (see
    _process)."""
    wanted = Wanted(scores, trace, answers)
    # the référentiels' folder as this process sees it: worker processes are forked from
    # a server started once, whose environment may be older than this one's
    root = root if root is not None else default_root()
    if workers <= 1 and not isolate:
        resolved: Resolved = {}
        with _fewer_collections():
            for path in paths:
                yield _process(path, root, wanted, resolved, detach=False)
        return
    known: dict[str, Referentiel] = {}
    count = max(1, min(workers, len(paths)))
    runner: Isolated[str, BatchItem] = Isolated(count, _read_chunk, _lost,
                                                (str(root) if root else None, wanted))
    chunks = ([str(p) for p in chunk] for chunk in chunks_of(paths, count))
    for items in runner.run(chunks):
        for item in items:
            yield _attach(item, root, known)


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


def read_all(paths: list[Path], workers: int = 1, root: Path | None = None,
             progress: Progress | None = None, trace: bool = False,
             answers: bool = True, scores: bool = True, isolate: bool = False
             ) -> list[BatchItem]:
    """Every file read and, when valid, scored on its own (see :func:`score_all`)."""
    items = iter_items(paths, workers, root, trace, answers, scores, isolate)
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
    (:func:`evalsoc.batch.relations.relate`)."""
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
                answers: bool = True, scores: bool = True,
                isolate: bool = False) -> list[BatchItem]:
    """Read and check every workbook under ``paths`` (NothingToRead if there is none);
    score the valid structures unless ``scores`` is False (with their explanations when
    ``trace``; without their answers unless ``answers``; in worker processes when
    ``isolate``, see :func:`iter_items`)."""
    files = find_workbooks(paths)
    count = default_workers(len(files)) if workers is None else workers
    return score_all(read_all(files, count, root, progress, trace, answers, scores, isolate),
                     root, scores)
