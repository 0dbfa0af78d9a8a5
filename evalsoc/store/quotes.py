"""A campaign's free texts and the quotes a consultant selected among them (migration 8).

Free texts are the answers to text questions and the comments written beside any
answer, of the submissions that count (the current workbook of each structure and its
individual forms). A free text is known by its key (structure, group, respondent,
question, nature) and its text: a selection row counts only while the same text is
still stored under the same key, so that a corrected workbook never publishes words that
were not read when they were marked. :func:`save_selection` replaces a campaign's
selection in one transaction: a report reads the old one or the new one, never a mix.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from evalsoc.store.backends import Connection
from evalsoc.store.db import transaction
from evalsoc.store.frames import _COUNTED

__all__ = ["ANSWER", "COMMENT", "FreeText", "Selection", "campaign_free_texts",
           "load_selection", "merge_selections", "save_selection"]

ANSWER, COMMENT = "réponse", "commentaire"


@dataclass(frozen=True)
class FreeText:
    """One free text of a campaign, where it was written (sheet and cell when known)."""

    structure_id: str
    groupe: str
    respondent: str
    question: str
    nature: str  # ANSWER or COMMENT
    text: str
    sheet: str = ""
    cell: str = ""
    shown: str = ""  # in a selection: the text to print (the same, or edited)

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        return (self.structure_id, self.groupe, self.respondent, self.question, self.nature)

    @property
    def printed(self) -> str:
        return self.shown or self.text


@dataclass(frozen=True)
class Selection:
    """The quotes marked for publication that still match a stored free text, and what
    was made of the last import (None: no selection was ever imported)."""

    quotes: tuple[FreeText, ...] = ()
    stale: int = 0  # marked rows whose text is no longer stored as it was
    imported: str | None = None  # the file of the last import
    imported_at: str | None = None
    texts: tuple[FreeText, ...] = ()  # every free text of the campaign, for the audit

    @property
    def made(self) -> bool:
        return self.imported is not None


def campaign_free_texts(conn: Connection, campaign: str, text_questions: Collection[str]
                        ) -> list[FreeText]:
    """Every free text of ``campaign``: the answers to ``text_questions`` and every
    comment, in the order of the submissions, respondents and questions."""
    found: list[FreeText] = []
    if text_questions:
        marks = ",".join("?" * len(text_questions))
        rows = conn.execute(
            _COUNTED + "SELECT k.structure_id, r.grp, a.respondent, a.question, "
            "json_extract(a.value, '$'), a.sheet, a.cell FROM counted k "
            "JOIN answers a ON a.submission_id = k.submission_id JOIN respondents r "
            "ON r.submission_id = a.submission_id AND r.respondent = a.respondent "
            f"WHERE a.status = 'answered' AND a.question IN ({marks}) "
            "ORDER BY k.submission_id, a.respondent, a.question",
            (campaign, campaign, *text_questions)).fetchall()
        found += [FreeText(str(s), str(g), str(r), str(q), ANSWER, str(t), sh or "", c or "")
                  for s, g, r, q, t, sh, c in rows if isinstance(t, str) and t.strip()]
    rows = conn.execute(
        _COUNTED + "SELECT k.structure_id, r.grp, m.respondent, m.question, m.text, m.sheet, "
        "m.cell FROM counted k JOIN comments m ON m.submission_id = k.submission_id "
        "JOIN respondents r ON r.submission_id = m.submission_id AND r.respondent = "
        "m.respondent ORDER BY k.submission_id, m.respondent, m.question",
        (campaign, campaign)).fetchall()
    found += [FreeText(str(s), str(g), str(r), str(q), COMMENT, str(t), sh or "", c or "")
              for s, g, r, q, t, sh, c in rows if isinstance(t, str) and t.strip()]
    return found


def _campaign_id(conn: Connection, campaign: str) -> int | None:
    row = conn.execute("SELECT id FROM campaigns WHERE name = ?", (campaign,)).fetchone()
    return None if row is None else int(row[0])


def load_selection(conn: Connection, campaign: str, stored: Sequence[FreeText]) -> Selection:
    """The selection of ``campaign``, kept to the rows whose text is still ``stored``."""
    ident = _campaign_id(conn, campaign)
    head = None if ident is None else conn.execute(
        "SELECT file, imported_at FROM quote_imports WHERE campaign_id = ?", (ident,)).fetchone()
    if head is None:
        return Selection(texts=tuple(stored))
    current = {(t.key, t.text) for t in stored}
    kept, stale = [], 0
    for s, g, r, q, n, t, shown in conn.execute(
            "SELECT structure_id, grp, respondent, question, nature, text, shown "
            "FROM quote_selection WHERE campaign_id = ? ORDER BY seq", (ident,)):
        quote = FreeText(str(s), str(g), str(r), str(q), str(n), str(t), shown=str(shown))
        if (quote.key, quote.text) in current:
            kept.append(quote)
        else:
            stale += 1
    return Selection(tuple(kept), stale, str(head[0]), str(head[1]), tuple(stored))


def save_selection(conn: Connection, campaign: str, quotes: Sequence[FreeText], file: str,
                   sha256: str, listed: int) -> None:
    """Replace the selection of ``campaign`` by ``quotes`` (KeyError: unknown campaign)."""
    ident = _campaign_id(conn, campaign)
    if ident is None:
        raise KeyError(campaign)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with transaction(conn):
        conn.execute("DELETE FROM quote_selection WHERE campaign_id = ?", (ident,))
        conn.execute("DELETE FROM quote_imports WHERE campaign_id = ?", (ident,))
        conn.execute("INSERT INTO quote_imports (campaign_id, file, sha256, imported_at, "
                     "listed, selected) VALUES (?, ?, ?, ?, ?, ?)",
                     (ident, file, sha256, now, listed, len(quotes)))
        conn.executemany(
            "INSERT INTO quote_selection (campaign_id, seq, structure_id, grp, respondent, "
            "question, nature, text, shown) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(ident, seq, *q.key, q.text, q.printed) for seq, q in enumerate(quotes)])


def merge_selections(conn: Connection, sources: Sequence[Connection], campaign: str) -> int:
    """The selections of ``campaign`` in ``sources`` joined to the target's (``evalsoc
    merge``): a quote marked in any base stays marked; when two bases print the same
    text differently, the later import wins (then the larger printed text, so that the
    order of the bases changes nothing). The import row names the latest import. Run
    again, it writes the same rows. The number of quotes now selected, or -1 when no
    base holds a selection of the campaign."""
    heads: list[tuple[str, str, str, int]] = []
    chosen: dict[tuple[tuple[str, str, str, str, str], str], tuple[str, str]] = {}
    for base in (conn, *sources):
        ident = _campaign_id(base, campaign)
        head = None if ident is None else base.execute(
            "SELECT imported_at, file, sha256, listed FROM quote_imports WHERE campaign_id = ?",
            (ident,)).fetchone()
        if head is None:
            continue
        heads.append((str(head[0]), str(head[1]), str(head[2]), int(head[3])))
        for s, g, r, q, n, t, shown in base.execute(
                "SELECT structure_id, grp, respondent, question, nature, text, shown "
                "FROM quote_selection WHERE campaign_id = ?", (ident,)):
            key = ((str(s), str(g), str(r), str(q), str(n)), str(t))
            candidate = (str(head[0]), str(shown))
            if key not in chosen or candidate > chosen[key]:
                chosen[key] = candidate
    ident = _campaign_id(conn, campaign)
    if not heads or ident is None:
        return -1
    latest = max(heads)
    rows = sorted(chosen.items())
    with transaction(conn):
        conn.execute("DELETE FROM quote_selection WHERE campaign_id = ?", (ident,))
        conn.execute("DELETE FROM quote_imports WHERE campaign_id = ?", (ident,))
        conn.execute("INSERT INTO quote_imports (campaign_id, file, sha256, imported_at, "
                     "listed, selected) VALUES (?, ?, ?, ?, ?, ?)",
                     (ident, latest[1], latest[2], latest[0], max(h[3] for h in heads),
                      len(rows)))
        conn.executemany(
            "INSERT INTO quote_selection (campaign_id, seq, structure_id, grp, respondent, "
            "question, nature, text, shown) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(ident, seq, *key, text, shown[1]) for seq, ((key, text), shown)
             in enumerate(rows)])
    return len(rows)
