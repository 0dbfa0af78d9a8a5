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

from collections.abc import Container
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from evalsoc import __version__
from evalsoc.answers.model import StructureInfo
from evalsoc.batch.run import BatchItem
from evalsoc.catalogue import Code
from evalsoc.excel import layout
from evalsoc.excel.links import form_key, structure_keys
from evalsoc.issues import Issue, make_issue
from evalsoc.store.backends import Connection
from evalsoc.store.joins import orphan_row, structure_of
from evalsoc.store.late import LATE_CODES, scoring_referentiel
from evalsoc.store.write import (
    FORMS_OF,
    insert_links,
    insert_rows,
    rescore,
    upsert_structure,
    write_scores,
)
from evalsoc.structures.consent import CONSENTS, effective, normalised
from evalsoc.support.text import canon

__all__ = ["Outcome", "VersionRule", "decide", "file_date", "structure_info", "write_item"]


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
    consent: list[Issue] = field(default_factory=list)  # the workbook's consent, warned


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


def write_item(conn: Connection, campaign_id: int, item: BatchItem, sha256: str,
               rule: VersionRule, this_run: Container[int]) -> Outcome:
    """Write one file (inside the caller's transaction). ``this_run``: the submissions
    this run wrote before (the others come from earlier runs, or, on a shared server,
    from other consultants' runs)."""
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
            status, note = decide(read.file, received, previous, rule, this_run, key)
            notes += [note] if note else []
            if status == "valide":
                conn.execute("UPDATE submissions SET status = 'remplacee' WHERE id = ?",
                             (previous[0],))
            else:
                previous = None
    consent, warned = _consent(conn, campaign_id, kind, structure, read.file)
    cursor = conn.execute(
        "INSERT INTO submissions (campaign_id, file_name, sha256, received_at, kind, "
        "structure_id, questionnaire_id, parent_questionnaire_id, referentiel, "
        "referentiel_hash, status, supersedes, engine_version, consent) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (campaign_id, Path(read.file).name, sha256, received, kind,
         structure.id if structure else read.meta.get("structure_id") or None,
         read.meta.get("questionnaire_id") or None,
         read.meta.get("parent_questionnaire_id") or None,
         read.answers.referentiel if read.answers else None, read.ref_hash, status,
         previous[0] if previous else None, __version__, consent))
    submission = int(cursor.lastrowid or 0)
    insert_rows(conn, submission, read.answers if status != "rejetee" else None,
                (*read.issues, *warned))
    notes += [i for i in read.issues if i.code in LATE_CODES]  # said with the versions
    outcome = Outcome(status, submission, previous is not None, notes,
                      [i.message for i in read.issues if i.severity.value == "erreur"], warned)
    if status == "rejetee":
        return outcome
    if kind == layout.KIND_STRUCTURE:
        insert_links(conn, submission, structure_keys(read.meta))
    if status != "valide":
        return outcome
    assert structure is not None
    if kind == layout.KIND_STRUCTURE:
        upsert_structure(conn, structure)
        _score_structure(conn, campaign_id, submission, item)
    else:
        _attach_form(conn, campaign_id, submission, item)
    return outcome


def decide(file: str, received: str, previous: tuple[int, str, str], rule: VersionRule,
           this_run: Container[int], key: str) -> tuple[str, Issue | None]:
    """The new file's status against the version that counts, and what to say."""
    ident, before, name = previous
    if int(ident) in this_run:  # both in this run: files come in date order
        return "valide", make_issue(Code.DB_SAME_RUN, file=file, older=name,
                                    newer=Path(file).name, key=key, date=_shown(received))
    if received >= str(before):
        return "valide", None
    dates = {"date": _shown(received), "other": name, "other_date": _shown(str(before))}
    if rule is VersionRule.DATE:
        return "remplacee", make_issue(Code.DB_OLDER_KEPT, file=file, **dates)
    return "valide", make_issue(Code.DB_OLDER_REPLACES, file=file, **dates)


def _consent(conn: Connection, campaign_id: int, kind: str,
             structure: StructureInfo | None, file: str) -> tuple[str | None, list[Issue]]:
    """The consent a structure workbook gives, and warnings when it is unreadable or
    disagrees with the registry (the stricter one applies: evalsoc.structures.consent)."""
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


def _score_structure(conn: Connection, campaign_id: int, submission: int,
                     item: BatchItem) -> None:
    """Score a structure's submission, with the forms already waiting for it (whose
    XL030 « structure absente » no longer holds)."""
    read = item.read
    assert read.answers is not None and read.referentiel is not None
    forms = [r[0] for r in conn.execute(FORMS_OF, (campaign_id, submission))]
    ref, digest = scoring_referentiel(conn, campaign_id, read.referentiel, read.ref_hash)
    if not forms and item.result is not None and ref is read.referentiel:
        write_scores(conn, submission, item.result)
        return
    rescore(conn, submission, ref, digest, read.answers.structure)
    marks = ",".join("?" * len(forms))
    conn.execute(f"DELETE FROM issues WHERE code = ? AND submission_id IN ({marks})",
                 (Code.XL_ORPHAN_INDIVIDUAL.value, *forms))


def _attach_form(conn: Connection, campaign_id: int, submission: int,
                 item: BatchItem) -> None:
    """An individual form joins its structure's current submission, which is re-scored;
    without it, the form waits (XL030) and joins it when that workbook arrives."""
    parent = form_key(item.read.meta)
    found = structure_of(conn, campaign_id, parent) if parent else None
    if found is None:
        orphan_row(conn, submission, item.read)
        return
    ref, digest = scoring_referentiel(conn, campaign_id, item.read.referentiel,
                                      item.read.ref_hash)
    rescore(conn, found[0], ref, digest, structure_info(conn, found[1]))


def structure_info(conn: Connection, ident: str) -> StructureInfo:
    row = conn.execute("SELECT id, nom, departement, commune, territoire, discipline, taille, "
                       "consentement FROM structures WHERE id = ?", (ident,)).fetchone()
    keys = ("id", "name", "departement", "commune", "territoire", "discipline", "taille",
            "consentement")
    return StructureInfo(**{k: v for k, v in zip(keys, row, strict=True) if v is not None})
