"""Joining individual forms to their structure in the store, and the verdicts on how
the files of an ingestion relate: the same as ``check`` gives (:mod:`evalsoc.relations`).
"""

from __future__ import annotations

import sqlite3

from evalsoc.catalogue import Code
from evalsoc.excel import layout
from evalsoc.excel.links import form_key
from evalsoc.excel.workbook import WorkbookRead
from evalsoc.issues import Issue
from evalsoc.relations import orphan_issue, relate
from evalsoc.store.db import transaction

__all__ = ["add_relations", "structure_of"]


def structure_of(conn: sqlite3.Connection, campaign_id: int, parent: str
                 ) -> tuple[int, str] | None:
    """The current structure submission a form names, and its structure."""
    row = conn.execute(
        "SELECT s.id, s.structure_id FROM links l JOIN submissions s "
        "ON s.id = l.submission_id WHERE l.link = ? AND s.campaign_id = ? AND s.kind = ? "
        "AND s.status = 'valide' ORDER BY s.id LIMIT 1",
        (parent, campaign_id, layout.KIND_STRUCTURE)).fetchone()
    return None if row is None else (int(row[0]), str(row[1]))


def add_relations(conn: sqlite3.Connection, campaign: str,
                  written: list[tuple[int, WorkbookRead]]) -> list[str]:
    """The verdicts ``check`` gives on how the files relate, added to the files just
    written: XL031 and XL033 among them (:func:`evalsoc.relations.relate`), XL030 for a
    form whose structure is still not in the campaign (it joins it when it comes). The
    files of those forms are returned."""
    row = conn.execute("SELECT id FROM campaigns WHERE name = ?", (campaign,)).fetchone()
    if row is None or not written:
        return []
    campaign_id = int(row[0])
    _, flags = relate([read for _, read in written])
    found: dict[int, list[Issue]] = {}
    waiting: list[str] = []
    for submission, read in written:
        extra = [i for i in flags.get(read.file, ())
                 if i.code != Code.XL_ORPHAN_INDIVIDUAL.value]
        if read.individual and read.valid and _current(conn, submission) and (
                structure_of(conn, campaign_id, form_key(read.meta)) is None):
            extra.append(orphan_issue(read))
            waiting.append(read.file)
        if extra:
            found[submission] = extra
    with transaction(conn):
        for submission, issues in found.items():
            seq = conn.execute("SELECT COALESCE(MAX(seq) + 1, 0) FROM issues WHERE "
                               "submission_id = ?", (submission,)).fetchone()[0]
            conn.executemany("INSERT INTO issues VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
                (submission, seq + n, i.code, i.severity.value, i.sheet, i.cell, i.question,
                 i.respondent, i.raw, i.message) for n, i in enumerate(issues)])
    return waiting


def _current(conn: sqlite3.Connection, submission: int) -> bool:
    row = conn.execute("SELECT status FROM submissions WHERE id = ?", (submission,)).fetchone()
    return row is not None and row[0] == "valide"
