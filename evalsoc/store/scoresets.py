"""A campaign's score sets: its scores under each version of its référentiel, and the
series flag of every node scored from answers of an earlier version.

The active set is what every reader sees: the ``scores`` and ``series`` rows of the
campaign's submissions, under ``campaigns.referentiel``. ``evalsoc migrate`` saves it
whole (``saved_scores``, row for row) before writing another; ``--annuler`` puts the
saved rows back as they were. Nothing here is ever deleted: a set is moved between the
live tables and the saved ones. Every function runs inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from evalsoc import __version__
from evalsoc.store.backends import Connection
from evalsoc.versions.series import SeriesFlag

__all__ = ["SCORE_COLUMNS", "ScoreSet", "active_set", "campaign_series", "insert_rows",
           "live_rows", "new_set", "restore_set", "save_live", "series_rows", "set_by_id",
           "write_series"]

SCORE_COLUMNS = ("submission_id", "node", "kind", "score", "level", "completeness", "absent",
                 "informational", "reason", "rule", "policy", "respondents")
_OF_CAMPAIGN = "submission_id IN (SELECT id FROM submissions WHERE campaign_id = ?)"


@dataclass(frozen=True)
class ScoreSet:
    id: int
    campaign_id: int
    referentiel: str
    referentiel_hash: str
    replaces: int | None
    state: str
    created_at: str
    last_submission: int


_SET = ("SELECT id, campaign_id, referentiel, referentiel_hash, replaces, state, "
        "created_at, last_submission FROM score_sets")


def _set(row: tuple[object, ...] | None) -> ScoreSet | None:
    if row is None:
        return None
    ident, campaign, ref, digest, replaces, state, created, last = row
    return ScoreSet(int(str(ident)), int(str(campaign)), str(ref), str(digest),
                    None if replaces is None else int(str(replaces)), str(state),
                    str(created), int(str(last)))


def active_set(conn: Connection, campaign_id: int) -> ScoreSet | None:
    """The record of the campaign's live scores; None for a campaign never migrated."""
    return _set(conn.execute(_SET + " WHERE campaign_id = ? AND state = 'active'",
                             (campaign_id,)).fetchone())


def set_by_id(conn: Connection, ident: int) -> ScoreSet | None:
    return _set(conn.execute(_SET + " WHERE id = ?", (ident,)).fetchone())


def new_set(conn: Connection, campaign_id: int, referentiel: str, digest: str,
            replaces: int | None, state: str) -> int:
    last = conn.execute("SELECT COALESCE(MAX(id), 0) FROM submissions").fetchone()[0]
    cursor = conn.execute(
        "INSERT INTO score_sets (campaign_id, referentiel, referentiel_hash, replaces, "
        "state, created_at, engine_version, last_submission) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (campaign_id, referentiel, digest, replaces, state,
         datetime.now(UTC).isoformat(timespec="seconds"), __version__, int(last)))
    return int(cursor.lastrowid or 0)


def save_live(conn: Connection, campaign_id: int, set_id: int) -> None:
    """Copy the campaign's live scores and flags into the saved set ``set_id``, row for
    row, and mark the set saved."""
    columns = ", ".join(f"sc.{c}" for c in SCORE_COLUMNS)
    conn.execute(
        f"INSERT INTO saved_scores SELECT ?, {columns}, se.flag, se.origin, se.cause "
        "FROM scores sc LEFT JOIN series se ON se.submission_id = sc.submission_id "
        f"AND se.node = sc.node WHERE sc.{_OF_CAMPAIGN}", (set_id, campaign_id))
    conn.execute("UPDATE score_sets SET state = 'saved' WHERE id = ?", (set_id,))


def restore_set(conn: Connection, campaign_id: int, set_id: int) -> None:
    """Make the saved set ``set_id`` the campaign's live scores again, exactly as saved
    (the live rows must have been saved first)."""
    conn.execute(f"DELETE FROM scores WHERE {_OF_CAMPAIGN}", (campaign_id,))
    conn.execute(f"DELETE FROM series WHERE {_OF_CAMPAIGN}", (campaign_id,))
    columns = ", ".join(SCORE_COLUMNS)
    conn.execute(f"INSERT INTO scores ({columns}) SELECT {columns} FROM saved_scores "
                 "WHERE set_id = ? ORDER BY submission_id, node", (set_id,))
    conn.execute("INSERT INTO series SELECT submission_id, node, flag, origin, cause "
                 "FROM saved_scores WHERE set_id = ? AND flag IS NOT NULL "
                 "ORDER BY submission_id, node", (set_id,))
    conn.execute("DELETE FROM saved_scores WHERE set_id = ?", (set_id,))  # now live
    conn.execute("UPDATE score_sets SET state = 'active' WHERE id = ?", (set_id,))


def write_series(conn: Connection, submission: int,
                 flags: Mapping[str, SeriesFlag], origin: str) -> None:
    """The flags of a submission scored through a crosswalk (none: read as it was)."""
    conn.execute("DELETE FROM series WHERE submission_id = ?", (submission,))
    conn.executemany("INSERT INTO series VALUES (?, ?, ?, ?, ?)", [
        (submission, node, flag.flag.value, origin, flag.cause or None)
        for node, flag in flags.items()])


def live_rows(conn: Connection, campaign_id: int) -> list[tuple[object, ...]]:
    """The campaign's live score rows, in key order."""
    return list(conn.execute(
        f"SELECT {', '.join(SCORE_COLUMNS)} FROM scores WHERE {_OF_CAMPAIGN} "
        "ORDER BY submission_id, node", (campaign_id,)))


def series_rows(conn: Connection, campaign_id: int) -> list[tuple[object, ...]]:
    return list(conn.execute(
        f"SELECT submission_id, node, flag, origin, cause FROM series WHERE {_OF_CAMPAIGN} "
        "ORDER BY submission_id, node", (campaign_id,)))


def campaign_series(conn: Connection, campaign: str
                    ) -> tuple[tuple[str, str, str, str], ...]:
    """The flags of the campaign's current structure submissions: (structure, node,
    flag, origin), for the comparability policy (:mod:`evalsoc.versions.compare`)."""
    return tuple((str(s), str(n), str(f), str(o)) for s, n, f, o in conn.execute(
        "SELECT s.structure_id, se.node, se.flag, se.origin FROM series se JOIN "
        "submissions s ON s.id = se.submission_id JOIN campaigns c ON c.id = s.campaign_id "
        "WHERE c.name = ? AND s.kind = 'structure' AND s.status = 'valide' "
        "ORDER BY s.structure_id, se.node", (campaign,)))


def insert_rows(conn: Connection, rows: Iterable[tuple[object, ...]],
                series: Iterable[tuple[object, ...]]) -> None:
    marks = ", ".join("?" * len(SCORE_COLUMNS))
    conn.executemany(f"INSERT OR REPLACE INTO scores ({', '.join(SCORE_COLUMNS)}) "
                     f"VALUES ({marks})", rows)
    conn.executemany("INSERT OR REPLACE INTO series VALUES (?, ?, ?, ?, ?)", series)
