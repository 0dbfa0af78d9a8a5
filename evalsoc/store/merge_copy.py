"""One submission of another base written into the target, as ``ingest`` would have
written the workbook it came from (inside the caller's transaction).

The submission keeps what its workbook said (answers, respondents, issues, comments,
links and any other table of rows per submission); which version counts is decided
again in the target, by the rule of ``ingest`` (:func:`evalsoc.store.submit.decide`);
scores are computed again with every individual form the target joins to the
structure, and a form whose structure is not (yet) in the target waits for it (XL030),
as in ``ingest``.
"""

from __future__ import annotations

from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass

from evalsoc.catalogue import Code
from evalsoc.excel import layout
from evalsoc.issues import make_issue
from evalsoc.referentiel.model import Referentiel
from evalsoc.store.backends import Connection
from evalsoc.store.joins import structure_of
from evalsoc.store.submit import Outcome, VersionRule, decide, structure_info
from evalsoc.store.write import FORMS_OF, rescore

__all__ = ["Incoming", "copy_submission"]

_ORPHAN = Code.XL_ORPHAN_INDIVIDUAL.value
_RECOMPUTED = ("scores",)  # computed again in the target, never copied


@dataclass(frozen=True)
class Incoming:
    """A submission of a source base, as read there."""

    source: int  # index of its base among the sources
    row: Mapping[str, object]  # its submissions row

    def text(self, name: str) -> str:
        value = self.row.get(name)
        return "" if value is None else str(value)

    @property
    def order(self) -> tuple[str, str, str]:
        """Files in the order ``ingest`` takes them: by date, then by name."""
        return self.text("received_at"), self.text("file_name"), self.text("sha256")


def copy_submission(conn: Connection, source: Connection, incoming: Incoming,
                    campaign_id: int, rule: VersionRule, this_run: Container[int],
                    referentiel: Referentiel, children: Mapping[str, Sequence[str]]
                    ) -> Outcome:
    """Write ``incoming`` into campaign ``campaign_id``; ``children``: the tables of
    rows per submission and their columns, in the target."""
    row = incoming.row
    kind = incoming.text("kind")
    status = "valide" if row.get("status") in ("valide", "remplacee") else "rejetee"
    previous, notes = None, []
    if status == "valide":
        column, key = ("structure_id", incoming.text("structure_id")) \
            if kind == layout.KIND_STRUCTURE else ("questionnaire_id",
                                                   incoming.text("questionnaire_id"))
        previous = conn.execute(
            f"SELECT id, received_at, file_name FROM submissions WHERE campaign_id = ? "
            f"AND {column} = ? AND kind = ? AND status = 'valide'",
            (campaign_id, key, kind)).fetchone()
        if previous is not None:
            status, note = decide(incoming.text("file_name"), incoming.text("received_at"),
                                  previous, rule, this_run, key)
            notes += [note] if note else []
            if status == "valide":
                conn.execute("UPDATE submissions SET status = 'remplacee' WHERE id = ?",
                             (previous[0],))
            else:
                previous = None
    values = {**row, "campaign_id": campaign_id, "status": status,
              "supersedes": previous[0] if previous else None}
    names = [n for n in values if n != "id"]
    cursor = conn.execute(f"INSERT INTO submissions ({', '.join(names)}) VALUES "
                          f"({', '.join('?' * len(names))})", [values[n] for n in names])
    submission = int(cursor.lastrowid or 0)
    _children(conn, source, int(str(row["id"])), submission, children)
    conn.execute("DELETE FROM issues WHERE submission_id = ? AND code = ?",
                 (submission, _ORPHAN))
    outcome = Outcome(status, submission, previous is not None, notes)
    if status != "valide":
        return outcome
    ref_hash = incoming.text("referentiel_hash")
    if kind == layout.KIND_STRUCTURE:
        structure = incoming.text("structure_id")
        rescore(conn, submission, referentiel, ref_hash, structure_info(conn, structure))
        forms = [r[0] for r in conn.execute(FORMS_OF, (campaign_id, submission))]
        if forms:
            marks = ",".join("?" * len(forms))
            conn.execute(f"DELETE FROM issues WHERE code = ? AND submission_id IN ({marks})",
                         (_ORPHAN, *forms))
        return outcome
    parent = incoming.text("parent_questionnaire_id")
    found = structure_of(conn, campaign_id, parent) if parent else None
    if found is None:
        issue = make_issue(Code.XL_ORPHAN_INDIVIDUAL,
                           structure=incoming.text("structure_id") or "?")
        seq = conn.execute("SELECT COALESCE(MAX(seq) + 1, 0) FROM issues WHERE "
                           "submission_id = ?", (submission,)).fetchone()[0]
        conn.execute("INSERT INTO issues (submission_id, seq, code, severity, message) "
                     "VALUES (?, ?, ?, ?, ?)", (submission, seq, issue.code,
                                                issue.severity.value, issue.message))
    else:
        rescore(conn, found[0], referentiel, ref_hash, structure_info(conn, found[1]))
    return outcome


def _children(conn: Connection, source: Connection, old: int, new: int,
              children: Mapping[str, Sequence[str]]) -> None:
    """Every row of the submission's tables, under its new id."""
    for table, columns in children.items():
        if table in _RECOMPUTED:
            continue
        wanted = ", ".join(columns)
        rows = source.execute(f"SELECT {wanted} FROM {table} WHERE submission_id = ?",
                              (old,)).fetchall()
        if not rows:
            continue
        at = list(columns).index("submission_id")
        conn.executemany(
            f"INSERT INTO {table} ({wanted}) VALUES ({', '.join('?' * len(columns))})",
            [(*r[:at], new, *r[at + 1:]) for r in rows])
