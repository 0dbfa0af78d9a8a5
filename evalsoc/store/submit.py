"""One file written to the store, in its own transaction, and which version of a
structure's workbook counts.

The rule (``--version-de``), never hiding a correction:

- ``passage`` (the default): a file enregistered in a later run replaces the one that
  counted, whatever its date; within one run, files are taken in the order of their
  date (then of their path), so the newest of two versions counts. A later run that
  brings a file *older* than the one it replaces is reported (DB005): the consultant
  sees both names and dates, and keeps the last word;
- ``date``: the newest file date counts, across runs too; an older file that arrives
  later is kept as superseded and reported (DB006).

Only what a clean run would also write goes to the base: the notes about versions are
the run's report, not the base's content (an interrupted run, run again, ends in the
same base as a clean run).
"""

from __future__ import annotations

import dataclasses
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from evalsoc import __version__
from evalsoc.answers import StructureInfo
from evalsoc.batch import BatchItem
from evalsoc.catalogue import Code
from evalsoc.excel import layout
from evalsoc.issues import Issue, make_issue
from evalsoc.store.write import insert_rows, rescore, upsert_structure, write_scores

__all__ = ["Outcome", "VersionRule", "file_date", "write_item"]


class VersionRule(StrEnum):
    PASSAGE = "passage"
    DATE = "date"


@dataclass
class Outcome:
    """What became of one file: its status, what it replaced, what to tell."""

    status: str  # valide, rejetee, remplacee
    submission: int
    replaced: bool = False
    notes: list[Issue] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def file_date(path: Path) -> str:
    """The file's modification date, to the second, in UTC (ISO 8601)."""
    try:
        stamp = path.stat().st_mtime
    except OSError:
        stamp = 0.0
    return datetime.fromtimestamp(stamp, UTC).isoformat(timespec="seconds")


def _shown(date: str) -> str:
    try:
        return datetime.fromisoformat(date).astimezone().strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return date


def checked(item: BatchItem, campaign: str, expected_ref: str, expected_hash: str
            ) -> BatchItem:
    """The item refused (DB001, DB004) when it must not enter this campaign."""
    read = item.read
    if read.valid and read.answers and (read.answers.referentiel != expected_ref
                                        or read.ref_hash != expected_hash):
        issue = make_issue(Code.DB_OTHER_REFERENTIEL, file=read.file,
                           ref=read.answers.referentiel, campaign=campaign,
                           expected=expected_ref)
        return BatchItem(dataclasses.replace(read, answers=None,
                                             issues=(*read.issues, issue)))
    mismatch = any(i.code == Code.XL_IDENTITY_MISMATCH.value for i in read.issues)
    if read.valid and mismatch:  # never let a copy replace another's answers
        issue = make_issue(Code.DB_IDENTITY, file=read.file,
                           structure=read.meta.get("structure_id", "?"))
        return BatchItem(dataclasses.replace(read, answers=None,
                                             issues=(*read.issues, issue)))
    return item


def write_item(conn: sqlite3.Connection, campaign_id: int, item: BatchItem, sha256: str,
               rule: VersionRule, first_of_run: int) -> Outcome:
    """Write one file (inside the caller's transaction). ``first_of_run``: the first
    submission id this run may write (those below come from earlier runs)."""
    read = item.read
    kind = read.meta.get("kind") or "inconnu"
    structure = read.answers.structure if read.answers else None
    status = "valide" if read.valid and read.answers else "rejetee"
    received = file_date(Path(read.file))
    notes: list[Issue] = []
    previous = None
    if status == "valide":
        column, key = ("structure_id", structure.id if structure else "") \
            if kind == layout.KIND_STRUCTURE else (
                "questionnaire_id", read.meta.get("questionnaire_id", ""))
        previous = conn.execute(
            f"SELECT id, received_at, file_name FROM submissions WHERE campaign_id = ? "
            f"AND {column} = ? AND kind = ? AND status = 'valide'",
            (campaign_id, key, kind)).fetchone()
        if previous is not None:
            status, note = _decide(read.file, received, previous, rule, first_of_run, key)
            notes += [note] if note else []
            if status == "valide":
                conn.execute("UPDATE submissions SET status = 'remplacee' WHERE id = ?",
                             (previous[0],))
            else:
                previous = None
    cursor = conn.execute(
        "INSERT INTO submissions (campaign_id, file_name, sha256, received_at, kind, "
        "structure_id, questionnaire_id, parent_questionnaire_id, referentiel, "
        "referentiel_hash, status, supersedes, engine_version) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (campaign_id, Path(read.file).name, sha256, received, kind,
         structure.id if structure else read.meta.get("structure_id") or None,
         read.meta.get("questionnaire_id") or None,
         read.meta.get("parent_questionnaire_id") or None,
         read.answers.referentiel if read.answers else None, read.ref_hash, status,
         previous[0] if previous else None, __version__))
    submission = int(cursor.lastrowid or 0)
    insert_rows(conn, submission, read.answers if status != "rejetee" else None, read.issues)
    outcome = Outcome(status, submission, previous is not None, notes,
                      [i.message for i in read.issues if i.severity.value == "erreur"])
    if status != "valide":
        return outcome
    assert structure is not None
    if kind == layout.KIND_STRUCTURE:
        upsert_structure(conn, structure)
        _score_structure(conn, submission, item)
    else:
        _attach_form(conn, campaign_id, read.meta.get("parent_questionnaire_id", ""), item)
    return outcome


def _decide(file: str, received: str, previous: tuple[int, str, str], rule: VersionRule,
            first_of_run: int, key: str) -> tuple[str, Issue | None]:
    """The new file's status against the version that counts, and what to say."""
    ident, before, name = previous
    if int(ident) >= first_of_run:  # both in this run: files come in date order
        return "valide", make_issue(Code.DB_SAME_RUN, file=file, older=name,
                                    newer=Path(file).name, key=key, date=_shown(received))
    if received >= str(before):
        return "valide", None
    dates = {"date": _shown(received), "other": name, "other_date": _shown(str(before))}
    if rule is VersionRule.DATE:
        return "remplacee", make_issue(Code.DB_OLDER_KEPT, file=file, **dates)
    return "valide", make_issue(Code.DB_OLDER_REPLACES, file=file, **dates)


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
