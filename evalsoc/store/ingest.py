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
from evalsoc.excel.links import form_key, structure_keys
from evalsoc.excel.workbook import WorkbookRead
from evalsoc.issues import Issue, make_issue
from evalsoc.publish.consent import CONSENTS, effective, normalised
from evalsoc.store.db import connect, transaction
from evalsoc.store.joins import add_relations, structure_of
from evalsoc.store.write import (
    FORMS_OF,
    insert_links,
    insert_rows,
    rescore,
    upsert_structure,
    write_scores,
)
from evalsoc.text import canon

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
    waiting: list[str] = field(default_factory=list)  # forms whose structure is not there

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
           progress: Progress | None = None, root: Path | None = None) -> IngestSummary:
    """Ingest every workbook under ``paths`` into ``campaign`` (created at first use with the
    référentiel of its first valid workbook)."""
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
        items = iter_items(todo, count, root, trace=True)  # the store keeps the rules
        waiting: list[BatchItem] = []
        written: list[tuple[int, WorkbookRead]] = []
        for item in progress(items, len(todo)) if progress else items:
            _one(conn, campaign, year, item, summary, waiting, written)
        for item in waiting:  # no file could tell which référentiel the campaign follows
            summary.rejected.append((item.read.file, _errors(item)))
        summary.waiting = add_relations(conn, campaign, written)
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
         summary: IngestSummary, waiting: list[BatchItem],
         written: list[tuple[int, WorkbookRead]]) -> None:
    """Write one item, after those that waited for the campaign to exist (in order, so
    that an interrupted run and a clean one write the same rows with the same ids)."""
    found = _campaign(conn, name, year, item if item.read.answers else None)
    if found is None:
        waiting.append(item)
        return
    for earlier in waiting:
        written.append(_store(conn, name, found, earlier, summary))
    waiting.clear()
    written.append(_store(conn, name, found, item, summary))


def _store(conn: sqlite3.Connection, name: str, found: tuple[int, str, str], item: BatchItem,
           summary: IngestSummary) -> tuple[int, WorkbookRead]:
    """Write one item; its submission and what ``relate`` needs of it (no answers)."""
    read = item.read
    campaign_id, expected_ref, expected_hash = found
    if read.valid and read.answers and (read.answers.referentiel != expected_ref
                                        or read.ref_hash != expected_hash):
        issue = make_issue(Code.DB_OTHER_REFERENTIEL, file=read.file,
                           ref=read.answers.referentiel, campaign=name, expected=expected_ref)
        read = dataclasses.replace(read, answers=None, issues=(*read.issues, issue))
        item = BatchItem(read)
    with transaction(conn):
        submission = _write(conn, campaign_id, item, summary)
    light = item.read.answers
    if light is not None:
        light = light.model_copy(update={"answers": (), "respondents": ()})
    return submission, dataclasses.replace(item.read, answers=light, referentiel=None)


def _write(conn: sqlite3.Connection, campaign_id: int, item: BatchItem,
           summary: IngestSummary) -> int:
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
    consent, notes = _consent(conn, campaign_id, kind, structure, read.file)
    if notes:
        read = dataclasses.replace(read, issues=(*read.issues, *notes))
        summary.notes += [f"{read.file} : {i.message}" for i in notes]
    cursor = conn.execute(
        "INSERT INTO submissions (campaign_id, file_name, sha256, received_at, kind, "
        "structure_id, questionnaire_id, parent_questionnaire_id, referentiel, "
        "referentiel_hash, status, supersedes, engine_version, consent) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (campaign_id, Path(read.file).name, read.sha256 or sha256_of(Path(read.file)),
         received, kind,
         structure.id if structure else read.meta.get("structure_id") or None,
         read.meta.get("questionnaire_id") or None,
         read.meta.get("parent_questionnaire_id") or None,
         read.answers.referentiel if read.answers else None, read.ref_hash, status,
         previous[0] if previous else None, __version__, consent))
    submission = int(cursor.lastrowid or 0)
    insert_rows(conn, submission, read.answers if status != "rejetee" else None, read.issues)
    if status == "rejetee":
        summary.rejected.append((read.file, _errors(item)))
        return submission
    if kind == layout.KIND_STRUCTURE:
        insert_links(conn, submission, structure_keys(read.meta))
    if status == "remplacee":
        summary.notes.append(f"{read.file} est plus ancien que la version déjà enregistrée : "
                             "il est conservé comme version remplacée.")
        return submission
    summary.ingested += 1
    assert structure is not None
    if kind == layout.KIND_STRUCTURE:
        upsert_structure(conn, structure)
        _score_structure(conn, campaign_id, submission, item)
    else:
        summary.individual += 1
        _attach_form(conn, campaign_id, form_key(read.meta), item)
    return submission


def _consent(conn: sqlite3.Connection, campaign_id: int, kind: str,
             structure: StructureInfo | None, file: str) -> tuple[str | None, list[Issue]]:
    """The consent a structure workbook gives, and warnings when it is unreadable or
    disagrees with the registry (the stricter one applies: evalsoc.publish.consent)."""
    if kind != layout.KIND_STRUCTURE or structure is None:
        return None, []
    raw = (structure.consentement or "").strip()
    workbook = normalised(raw)
    found: list[Issue] = []
    if raw and canon(raw) not in {canon(c) for c in CONSENTS}:
        found.append(make_issue(Code.CON_UNREADABLE, file=file, sheet=layout.IDENT_SHEET,
                                raw=raw))
    row = conn.execute("SELECT consent_registry FROM structures WHERE id = ?",
                       (structure.id,)).fetchone()
    registry = row[0] if row else None
    decided, disagree = effective(registry, workbook)
    if disagree:
        name = conn.execute("SELECT name FROM campaigns WHERE id = ?",
                            (campaign_id,)).fetchone()[0]
        found.append(make_issue(Code.CON_DISAGREE, file=file, sheet=layout.IDENT_SHEET,
                                structure=structure.id, registry=registry, workbook=workbook,
                                decided=decided, campaign=name))
    return workbook, found


def _score_structure(conn: sqlite3.Connection, campaign_id: int, submission: int,
                     item: BatchItem) -> None:
    """Score a structure's submission, with the forms already waiting for it (whose
    XL030 « structure absente » no longer holds)."""
    read = item.read
    assert read.answers is not None and read.referentiel is not None
    forms = [r[0] for r in conn.execute(FORMS_OF, (campaign_id, submission))]
    if not forms and item.result is not None:
        write_scores(conn, submission, item.result)
        return
    rescore(conn, submission, read.referentiel, read.ref_hash or "", read.answers.structure)
    marks = ",".join("?" * len(forms))
    conn.execute(f"DELETE FROM issues WHERE code = ? AND submission_id IN ({marks})",
                 (Code.XL_ORPHAN_INDIVIDUAL.value, *forms))


def _attach_form(conn: sqlite3.Connection, campaign_id: int, parent: str,
                 item: BatchItem) -> None:
    """An individual form joins its structure's current submission, which is re-scored."""
    ref = item.read.referentiel
    assert ref is not None
    found = structure_of(conn, campaign_id, parent) if parent else None
    if found is None:
        return  # kept; it joins its structure when that workbook arrives
    rescore(conn, found[0], ref, item.read.ref_hash or "", _structure_info(conn, found[1]))


def _structure_info(conn: sqlite3.Connection, ident: str) -> StructureInfo:
    row = conn.execute("SELECT id, nom, departement, commune, territoire, discipline, taille, "
                       "consentement FROM structures WHERE id = ?", (ident,)).fetchone()
    keys = ("id", "name", "departement", "commune", "territoire", "discipline", "taille",
            "consentement")
    return StructureInfo(**{k: v for k, v in zip(keys, row, strict=True) if v is not None})
