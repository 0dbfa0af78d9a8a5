"""``evalsoc ingest``: workbooks into a campaign, one transaction per workbook.

The same bytes twice are recognised by their sha256 and skipped before any reading; a
valid workbook of a structure already in the campaign supersedes the one that counted,
which is kept with the status "remplacee" (which one counts: :mod:`evalsoc.store.submit`).
Files are committed in the order of their date, then of their path, so an interrupted
run, run again, ends in the same database as a clean run. One ingestion at a time per
base (:mod:`evalsoc.store.lock`); files are read in worker processes, so that a file that
crashes the reader costs only itself.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from evalsoc.answers.model import StructureInfo
from evalsoc.batch.run import BatchItem, default_workers, find_workbooks, iter_items
from evalsoc.catalogue import Code
from evalsoc.excel.workbook import WorkbookRead
from evalsoc.issues import Issue, make_issue
from evalsoc.store.backends import Connection
from evalsoc.store.db import Notify, open_store, transaction
from evalsoc.store.joins import waiting_forms
from evalsoc.store.lock import run_lock
from evalsoc.store.members import accept, create_campaign
from evalsoc.store.submit import Outcome, VersionRule, write_item
from evalsoc.store.target import Target
from evalsoc.store.write import upsert_structure
from evalsoc.support.files import NotRegularFileError, open_regular, os_reason

__all__ = ["IngestSummary", "VersionRule", "ingest", "sha256_of"]

Progress = Callable[[Iterator[BatchItem], int], Iterable[BatchItem]]


@dataclass
class IngestSummary:
    campaign: str
    files: int = 0
    ingested: int = 0
    known: int = 0
    superseded: int = 0
    individual: int = 0
    rule: VersionRule = VersionRule.PASSAGE
    rejected: list[tuple[str, list[str]]] = field(default_factory=list)
    known_rejected: list[str] = field(default_factory=list)  # refused before, no correction
    # refused (in this run or before), then replaced by a valid version: (file, by whom)
    corrected: list[tuple[str, str]] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (copy, first file)
    versions: list[Issue] = field(default_factory=list)  # which version counts (DB005-7)
    notes: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)  # forms whose structure is not there

    @property
    def problems(self) -> bool:
        """Files still refused: refused in this run or before, and not corrected since."""
        return bool(self.rejected or self.known_rejected)

    def as_json(self) -> dict[str, object]:
        """What ``evalsoc ingest --json`` prints: the fields, pairs as named objects."""
        return {"campaign": self.campaign, "files": self.files, "ingested": self.ingested,
                "known": self.known, "superseded": self.superseded,
                "individual": self.individual, "rule": self.rule.value,
                "rejected": [{"file": f, "causes": c} for f, c in self.rejected],
                "known_rejected": self.known_rejected,
                "corrected": [{"file": f, "by": b} for f, b in self.corrected],
                "duplicates": [{"file": f, "copy_of": o} for f, o in self.duplicates],
                "versions": [{"code": i.code.value, "file": i.file, "message": i.message}
                             for i in self.versions],
                "waiting": self.waiting, "notes": self.notes}


def sha256_of(path: Path) -> str:
    """The file's digest, read in blocks (NotRegularFileError for a FIFO or a device)."""
    digest = hashlib.sha256()
    with open_regular(path) as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def ingest(paths: Iterable[Path], campaign: str, db: Target, year: int | None = None,
           workers: int | None = None, registry: list[StructureInfo] | None = None,
           progress: Progress | None = None, root: Path | None = None,
           isolate: bool = True, rule: VersionRule = VersionRule.PASSAGE,
           notify: Notify | None = None) -> IngestSummary:
    """Ingest every workbook under ``paths`` into ``campaign`` (created at first use with
    the référentiel of its first valid workbook). Raises NothingToRead when ``paths``
    hold no workbook (the base is not even opened), StoreError when the base cannot be
    used. Files are read in worker processes unless ``isolate`` is False and ``workers``
    is 1 (see :func:`evalsoc.batch.run.iter_items`). ``notify`` hears that the base is busy."""
    files = find_workbooks(paths)
    conn = open_store(db, write=True, notify=notify)
    try:
        with run_lock(db, notify):
            return _run(conn, files, campaign, year, workers, registry, progress, root,
                        isolate, rule)
    finally:
        conn.close()


def _run(conn: Connection, files: list[Path], campaign: str, year: int | None,
         workers: int | None, registry: list[StructureInfo] | None,
         progress: Progress | None, root: Path | None, isolate: bool,
         rule: VersionRule) -> IngestSummary:
    if registry:
        with transaction(conn):
            for info in registry:
                upsert_structure(conn, info, authoritative=True)
            conn.executemany("INSERT OR IGNORE INTO registry VALUES (?, ?)",
                             [(campaign, info.id) for info in registry])
    summary = IngestSummary(campaign, files=len(files), rule=rule)
    known = _known(conn, campaign)
    _check_year(conn, campaign, year, summary)
    this_run: set[int] = set()
    todo, digests = _new_files(files, known, summary)
    count = default_workers(len(todo)) if workers is None else workers
    items = iter_items(todo, count, root, trace=True,  # the store keeps the rules
                       isolate=isolate)
    waiting: list[tuple[BatchItem, str]] = []
    written: list[tuple[int, WorkbookRead]] = []
    for item in progress(items, len(todo)) if progress else items:
        _one(conn, campaign, year, item, digests, summary, waiting, written, rule,
             this_run)
    for item, _ in waiting:  # no file could tell which référentiel the campaign follows
        summary.rejected.append((item.read.file, _errors(item)))
    summary.waiting = waiting_forms(conn, written)
    _corrections(conn, campaign, summary, digests)
    summary.rejected.sort(key=lambda pair: pair[0])  # files were taken in date order
    summary.known_rejected.sort()
    summary.corrected.sort()
    return summary


def _new_files(files: list[Path], known: dict[str, str], summary: IngestSummary
               ) -> tuple[list[Path], dict[str, str]]:
    """The files to read, oldest first (then in the order given): within one run the
    newest of two versions comes last and counts. The sha256 of every file, by path."""
    todo: list[tuple[float, int, Path]] = []
    seen: dict[str, Path] = {}
    digests: dict[str, str] = {}
    for index, path in enumerate(files):
        try:
            digest = sha256_of(path)
            stamp = path.stat().st_mtime
        except NotRegularFileError as err:
            issue = make_issue(Code.ENV_NOT_REGULAR, file=str(path), kind=err.kind)
            summary.rejected.append((str(path), [issue.message]))
            continue
        except OSError as err:
            issue = make_issue(Code.XL_UNREADABLE, file=str(path), detail=os_reason(err))
            summary.rejected.append((str(path), [issue.message]))
            continue
        digests[str(path)] = digest
        if digest in known:
            summary.known += 1
            if known[digest] == "rejetee":
                summary.known_rejected.append(str(path))
        elif digest in seen:  # the same bytes twice in this batch: read once
            summary.duplicates.append((str(path), str(seen[digest])))
            summary.known += 1
        else:
            seen[digest] = path
            todo.append((stamp, index, path))
    return [path for _, _, path in sorted(todo)], digests


def _known(conn: Connection, campaign: str) -> dict[str, str]:
    """sha256 -> status of every file already received in the campaign."""
    return {r[0]: r[1] for r in conn.execute(
        "SELECT s.sha256, s.status FROM submissions s JOIN campaigns c "
        "ON c.id = s.campaign_id WHERE c.name = ?", (campaign,))}


def _stored(conn: Connection, campaign_id: int, sha: str) -> bool:
    return conn.execute("SELECT 1 FROM submissions WHERE campaign_id = ? AND sha256 = ?",
                        (campaign_id, sha)).fetchone() is not None


def _check_year(conn: Connection, campaign: str, year: int | None,
                summary: IngestSummary) -> None:
    row = conn.execute("SELECT year FROM campaigns WHERE name = ?", (campaign,)).fetchone()
    if row is not None and year is not None and int(row[0]) != year:
        summary.notes.append(f"la campagne « {campaign} » existe déjà pour l'année {row[0]} : "
                             f"l'année {year} demandée est ignorée.")


def _errors(item: BatchItem) -> list[str]:
    return [i.message for i in item.read.issues if i.severity.value == "erreur"]


def _campaign(conn: Connection, name: str, year: int | None,
              read: WorkbookRead | None) -> tuple[int, str, str] | None:
    row = conn.execute("SELECT id, referentiel, referentiel_hash FROM campaigns WHERE name = ?",
                       (name,)).fetchone()
    if row is not None:
        return int(row[0]), str(row[1]), str(row[2])
    if read is None or read.answers is None or read.ref_hash is None or \
            read.referentiel is None:
        return None
    return create_campaign(conn, name, year or datetime.now(UTC).year, read.referentiel,
                           read.ref_hash)


def _one(conn: Connection, name: str, year: int | None, item: BatchItem,
         digests: dict[str, str], summary: IngestSummary,
         waiting: list[tuple[BatchItem, str]], written: list[tuple[int, WorkbookRead]],
         rule: VersionRule, this_run: set[int]) -> None:
    """Write one item, after those that waited for the campaign to exist (in order, so
    that an interrupted run and a clean one write the same rows with the same ids); keep
    of each what relating forms to structures needs (no answers)."""
    digest = digests.get(item.read.file) or item.read.sha256 or ""
    found = _campaign(conn, name, year, item.read if item.read.answers else None)
    if found is None:
        waiting.append((item, digest))
        return
    for earlier, sha in [*waiting, (item, digest)]:
        with transaction(conn):  # a référentiel the file adds is the campaign's with it
            if _stored(conn, found[0], sha):  # on a server, by another consultant since
                summary.known += 1
                continue
            checked_item = accept(conn, found[0], name, earlier)
            outcome = write_item(conn, found[0], checked_item, sha, rule, this_run)
        this_run.add(outcome.submission)
        _count(checked_item, outcome, summary)
        light = checked_item.read.answers
        if light is not None:
            light = light.model_copy(update={"answers": (), "respondents": ()})
        written.append((outcome.submission, dataclasses.replace(
            checked_item.read, answers=light, referentiel=None)))
    waiting.clear()


def _count(item: BatchItem, outcome: Outcome, summary: IngestSummary) -> None:
    summary.versions += outcome.notes
    summary.notes += [f"{item.read.file} : {i.message}" for i in outcome.consent]
    summary.superseded += outcome.replaced
    if outcome.status == "rejetee":
        summary.rejected.append((item.read.file, outcome.errors))
    elif outcome.status == "valide":
        summary.ingested += 1
        summary.individual += item.read.individual


def _corrections(conn: Connection, campaign: str, summary: IngestSummary,
                 digests: dict[str, str]) -> None:
    """Refused files (of this run or an earlier one) that a valid file of the same
    structure, questionnaire or file name replaced since: no longer problems."""
    fixed = {sha: by for sha, by in conn.execute(
        "SELECT r.sha256, (SELECT v.file_name FROM submissions v "
        " WHERE v.campaign_id = r.campaign_id AND v.id > r.id AND v.status <> 'rejetee' "
        " AND ((r.kind = 'individuel' AND v.kind = r.kind "
        "       AND v.questionnaire_id = r.questionnaire_id) "
        "   OR (r.kind <> 'individuel' AND v.kind = 'structure' "
        "       AND v.structure_id = r.structure_id) "
        "   OR (r.structure_id IS NULL AND r.questionnaire_id IS NULL "
        "       AND v.file_name = r.file_name)) ORDER BY v.id DESC LIMIT 1) "
        "FROM submissions r JOIN campaigns c ON c.id = r.campaign_id "
        "WHERE c.name = ? AND r.status = 'rejetee'", (campaign,)) if by}
    if not fixed:
        return
    still = []
    for file, causes in summary.rejected:
        if (by := fixed.get(digests.get(file, ""))) is not None:
            summary.corrected.append((file, by))
        else:
            still.append((file, causes))
    summary.rejected = still
    remaining = []
    for file in summary.known_rejected:
        if (by := fixed.get(digests.get(file, ""))) is not None:
            summary.corrected.append((file, by))
        else:
            remaining.append(file)
    summary.known_rejected = remaining
