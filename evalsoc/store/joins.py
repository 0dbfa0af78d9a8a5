"""Joining individual forms to their structure in the store.

A form waits for its structure with XL030, as ``check`` says of a form without its
structure (:mod:`evalsoc.batch.relations`). The other verdicts ``check`` gives on the files of
one batch (XL031, XL033: two versions in the batch) are, for ``ingest``, successive
versions: the newer one counts and the run says so (DB005 to DB007), whatever the runs
the files came in.
"""

from __future__ import annotations

from evalsoc.batch.relations import orphan_issue
from evalsoc.catalogue import Code
from evalsoc.excel import layout
from evalsoc.excel.workbook import WorkbookRead
from evalsoc.store.backends import Connection

__all__ = ["orphan_row", "structure_of", "waiting_forms"]


def structure_of(conn: Connection, campaign_id: int, parent: str
                 ) -> tuple[int, str] | None:
    """The current structure submission a form names, and its structure."""
    row = conn.execute(
        "SELECT s.id, s.structure_id FROM links l JOIN submissions s "
        "ON s.id = l.submission_id WHERE l.link = ? AND s.campaign_id = ? AND s.kind = ? "
        "AND s.status = 'valide' ORDER BY s.id LIMIT 1",
        (parent, campaign_id, layout.KIND_STRUCTURE)).fetchone()
    return None if row is None else (int(row[0]), str(row[1]))


def waiting_forms(conn: Connection,
                  written: list[tuple[int, WorkbookRead]]) -> list[str]:
    """The files just written that are individual forms still waiting for their
    structure's workbook (XL030, written with the form: :func:`orphan_row`)."""
    return [read.file for submission, read in written
            if read.individual and _current(conn, submission) and conn.execute(
                "SELECT 1 FROM issues WHERE submission_id = ? AND code = ?",
                (submission, Code.XL_ORPHAN_INDIVIDUAL.value)).fetchone()]


def orphan_row(conn: Connection, submission: int, read: WorkbookRead) -> None:
    """XL030 on a form whose structure is not in the campaign yet, in the transaction
    that writes the form (so that an interrupted run leaves it as a clean one would);
    it is removed when the structure's workbook arrives."""
    issue = orphan_issue(read)
    seq = conn.execute("SELECT COALESCE(MAX(seq) + 1, 0) FROM issues WHERE "
                       "submission_id = ?", (submission,)).fetchone()[0]
    conn.execute("INSERT INTO issues VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 (submission, seq, issue.code, issue.severity.value, issue.sheet,
                  issue.cell, issue.question, issue.respondent, issue.raw, issue.message))


def _current(conn: Connection, submission: int) -> bool:
    row = conn.execute("SELECT status FROM submissions WHERE id = ?", (submission,)).fetchone()
    return row is not None and row[0] == "valide"
