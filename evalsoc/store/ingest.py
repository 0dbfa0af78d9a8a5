"""``evalsoc ingest``: workbooks into a campaign, one transaction per workbook.

The same bytes twice are recognised by their sha256 and skipped before any reading; a
valid workbook of a structure already in the campaign supersedes the previous one, which
is kept with the status "remplacee". Files are committed in the order given (sorted for
folders), so an interrupted run, run again, ends in the same database as a clean run.
"""

from __future__ import annotations

import dataclasses
import hashlib
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from evalsoc import __version__
from evalsoc.answers import StructureInfo
from evalsoc.batch import BatchItem, default_workers, expand_paths, iter_items
from evalsoc.catalogue import Code
from evalsoc.excel import layout
from evalsoc.issues import make_issue
from evalsoc.store.db import connect, transaction
from evalsoc.store.write import insert_rows, rescore, upsert_structure, write_scores

__all__ = ["IngestSummary", "ingest", "sha256_of"]

Progress = Callable[[Iterator[BatchItem], int], Iterable[BatchItem]]


@dataclass
class IngestSummary:
    campaign: str
    files: int = 0
    ingested: int = 0
    known: int = 0
    superseded: int = 0
    individual: int = 0
    rejected: list[tuple[str, list[str]]] = field(default_factory=list)
    known_rejected: list[str] = field(default_factory=list)  # refused before, sent again
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (copy, first file)
    notes: list[str] = field(default_factory=list)

    @property
    def problems(self) -> bool:
        return bool(self.rejected or self.known_rejected)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _campaign(conn: sqlite3.Connection, name: str, year: int | None,
              item: BatchItem | None) -> tuple[int, str, str] | None:
    row = conn.execute("SELECT id, referentiel, referentiel_hash FROM campaigns WHERE name = ?",
                       (name,)).fetchone()
    if row is not None:
        return int(row[0]), str(row[1]), str(row[2])
    if item is None or item.read.answers is None or item.read.ref_hash is None:
        return None
    ref = item.read.answers.referentiel
    created = datetime.now(UTC).isoformat(timespec="seconds")
    with transaction(conn):
        cursor = conn.execute(
            "INSERT INTO campaigns (name, year, referentiel, referentiel_hash, created_at) "
            "VALUES (?, ?, ?, ?, ?)", (name, year or datetime.now(UTC).year, ref,
                                       item.read.ref_hash, created))
    return int(cursor.lastrowid or 0), ref, item.read.ref_hash


def ingest(paths: Iterable[Path], campaign: str, db: Path, year: int | None = None,
           workers: int | None = None, registry: list[StructureInfo] | None = None,
           progress: Progress | None = None, root: Path | None = None,
           isolate: bool = True) -> IngestSummary:
    """Ingest every workbook under ``paths`` into ``campaign`` (created at first use with the
    référentiel of its first valid workbook). Files are read in worker processes unless
    ``isolate`` is False and ``workers`` is 1 (see :func:`evalsoc.batch.iter_items`)."""
    conn = connect(db)
    try:
        if registry:
            with transaction(conn):
                for info in registry:
                    upsert_structure(conn, info, authoritative=True)
        files = expand_paths(paths)
        summary = IngestSummary(campaign, files=len(files))
        known = _known(conn, campaign)
        _check_year(conn, campaign, year, summary)
        todo: list[Path] = []
        seen: dict[str, Path] = {}
        for path in files:
            digest = sha256_of(path)
            if digest in known:
                summary.known += 1
                if known[digest] == "rejetee":
                    summary.known_rejected.append(str(path))
            elif digest in seen:  # the same bytes twice in this batch: read once
                summary.duplicates.append((str(path), str(seen[digest])))
                summary.known += 1
            else:
                seen[digest] = path
                todo.append(path)
        count = default_workers(len(todo)) if workers is None else workers
        items = iter_items(todo, count, root, trace=True,  # the store keeps the rules
                           isolate=isolate)
        waiting: list[BatchItem] = []
        for item in progress(items, len(todo)) if progress else items:
            _one(conn, campaign, year, item, summary, waiting)
        for item in waiting:  # no file could tell which référentiel the campaign follows
            summary.rejected.append((item.read.file, _errors(item)))
        return summary
    finally:
        conn.close()


def _known(conn: sqlite3.Connection, campaign: str) -> dict[str, str]:
    """sha256 -> status of every file already received in the campaign."""
    return {r[0]: r[1] for r in conn.execute(
        "SELECT s.sha256, s.status FROM submissions s JOIN campaigns c "
        "ON c.id = s.campaign_id WHERE c.name = ?", (campaign,))}


def _check_year(conn: sqlite3.Connection, campaign: str, year: int | None,
                summary: IngestSummary) -> None:
    row = conn.execute("SELECT year FROM campaigns WHERE name = ?", (campaign,)).fetchone()
    if row is not None and year is not None and int(row[0]) != year:
        summary.notes.append(f"la campagne « {campaign} » existe déjà pour l'année {row[0]} : "
                             f"l'année {year} demandée est ignorée.")


def _errors(item: BatchItem) -> list[str]:
    return [i.message for i in item.read.issues if i.severity.value == "erreur"]


def _one(conn: sqlite3.Connection, name: str, year: int | None, item: BatchItem,
         summary: IngestSummary, waiting: list[BatchItem]) -> None:
    """Write one item, after those that waited for the campaign to exist (in order, so
    that an interrupted run and a clean one write the same rows with the same ids)."""
    found = _campaign(conn, name, year, item if item.read.answers else None)
    if found is None:
        waiting.append(item)
        return
    for earlier in waiting:
        _store(conn, name, found, earlier, summary)
    waiting.clear()
    _store(conn, name, found, item, summary)


def _store(conn: sqlite3.Connection, name: str, found: tuple[int, str, str], item: BatchItem,
           summary: IngestSummary) -> None:
    read = item.read
    campaign_id, expected_ref, expected_hash = found
    if read.valid and read.answers and (read.answers.referentiel != expected_ref
                                        or read.ref_hash != expected_hash):
        issue = make_issue(Code.DB_OTHER_REFERENTIEL, file=read.file,
                           ref=read.answers.referentiel, campaign=name, expected=expected_ref)
        read = dataclasses.replace(read, answers=None, issues=(*read.issues, issue))
        item = BatchItem(read)
    mismatch = next((i for i in read.issues if i.code == Code.XL_IDENTITY_MISMATCH.value), None)
    if read.valid and mismatch is not None:  # never let a copy replace another's answers
        issue = make_issue(Code.DB_IDENTITY, file=read.file,
                           structure=read.meta.get("structure_id", "?"))
        item = BatchItem(dataclasses.replace(read, answers=None,
                                             issues=(*read.issues, issue)))
    with transaction(conn):
        _write(conn, campaign_id, item, summary)


def _write(conn: sqlite3.Connection, campaign_id: int, item: BatchItem,
           summary: IngestSummary) -> None:
    read = item.read
    kind = read.meta.get("kind") or "inconnu"
    structure = read.answers.structure if read.answers else None
    status = "valide" if read.valid and read.answers else "rejetee"
    received = datetime.fromtimestamp(Path(read.file).stat().st_mtime, UTC).isoformat(
        timespec="seconds")
    previous = None
    if status == "valide":
        key = ("structure_id", structure.id if structure else "") \
            if kind == layout.KIND_STRUCTURE else (
                "questionnaire_id", read.meta.get("questionnaire_id", ""))
        previous = conn.execute(
            f"SELECT id, received_at FROM submissions WHERE campaign_id = ? AND {key[0]} = ? "
            "AND kind = ? AND status = 'valide'", (campaign_id, key[1], kind)).fetchone()
        summary.superseded += previous is not None
        if previous is not None and str(previous[1]) > received:
            status, previous = "remplacee", None  # an older version, arrived late: kept
        elif previous is not None:
            conn.execute("UPDATE submissions SET status = 'remplacee' WHERE id = ?",
                         (previous[0],))
    cursor = conn.execute(
        "INSERT INTO submissions (campaign_id, file_name, sha256, received_at, kind, "
        "structure_id, questionnaire_id, parent_questionnaire_id, referentiel, "
        "referentiel_hash, status, supersedes, engine_version) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (campaign_id, Path(read.file).name, read.sha256 or sha256_of(Path(read.file)),
         received, kind,
         structure.id if structure else read.meta.get("structure_id") or None,
         read.meta.get("questionnaire_id") or None,
         read.meta.get("parent_questionnaire_id") or None,
         read.answers.referentiel if read.answers else None, read.ref_hash, status,
         previous[0] if previous else None, __version__))
    submission = int(cursor.lastrowid or 0)
    insert_rows(conn, submission, read.answers if status != "rejetee" else None, read.issues)
    if status == "rejetee":
        summary.rejected.append((read.file, _errors(item)))
        return
    if status == "remplacee":
        summary.notes.append(f"{read.file} est plus ancien que la version déjà enregistrée : "
                             "il est conservé comme version remplacée.")
        return
    summary.ingested += 1
    assert structure is not None
    if kind == layout.KIND_STRUCTURE:
        upsert_structure(conn, structure)
        _score_structure(conn, submission, item)
    else:
        summary.individual += 1
        _attach_form(conn, campaign_id, read.meta.get("parent_questionnaire_id", ""), item)


def _score_structure(conn: sqlite3.Connection, submission: int, item: BatchItem) -> None:
    read = item.read
    assert read.answers is not None and read.referentiel is not None
    forms = conn.execute(
        "SELECT 1 FROM submissions WHERE parent_questionnaire_id = ? AND status = 'valide' "
        "LIMIT 1", (read.answers.questionnaire_id,)).fetchone()
    if forms is None and item.result is not None:
        write_scores(conn, submission, item.result)
    else:
        rescore(conn, submission, read.referentiel, read.ref_hash or "",
                read.answers.structure)


def _attach_form(conn: sqlite3.Connection, campaign_id: int, parent: str,
                 item: BatchItem) -> None:
    """An individual form joins its structure's current submission, which is re-scored."""
    ref = item.read.referentiel
    assert ref is not None
    row = conn.execute(
        "SELECT s.id, st.id FROM submissions s "
        "JOIN structures st ON st.id = s.structure_id WHERE s.campaign_id = ? "
        "AND s.questionnaire_id = ? AND s.kind = ? AND s.status = 'valide'",
        (campaign_id, parent, layout.KIND_STRUCTURE)).fetchone()
    if row is None:
        return  # kept; it joins its structure when that workbook arrives
    rescore(conn, int(row[0]), ref, item.read.ref_hash or "", _structure_info(conn, row[1]))


def _structure_info(conn: sqlite3.Connection, ident: str) -> StructureInfo:
    row = conn.execute("SELECT id, nom, departement, commune, territoire, discipline, taille, "
                       "consentement FROM structures WHERE id = ?", (ident,)).fetchone()
    keys = ("id", "name", "departement", "commune", "territoire", "discipline", "taille",
            "consentement")
    return StructureInfo(**{k: v for k, v in zip(keys, row, strict=True) if v is not None})
