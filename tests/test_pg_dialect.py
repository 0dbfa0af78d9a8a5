"""The store's SQL on PostgreSQL (issue 23): the translation's pure functions, and the
multi-row inserts that make writing to a server about as fast as to a file.

D1 ``multi_row`` turns ``INSERT [OR IGNORE] … VALUES (?, …)`` into one statement of N
rows with numbered placeholders, and refuses what one statement would not do as SQLite's
rows one by one do (``OR REPLACE``, a table whose ids the base numbers, anything else);
D2 on both backends, thousands of rows given at once (more than one statement's worth,
keys repeated, ``%`` and ``?`` and quotes inside the values) are stored as SQLite stores
them.
"""

from __future__ import annotations

from collections.abc import Callable

from pgserver import dump

from evalsoc.store.backends.dialect import Table, multi_row, numbered
from evalsoc.store.db import open_store, transaction
from evalsoc.store.target import Target

TABLES = {"links": Table(("link", "submission_id"), ("link", "submission_id"), False),
          "submissions": Table(("id", "sha256"), ("id",), True),
          "comments": Table(("submission_id", "text"), ("submission_id",), False)}


def test_d1_multi_row_statements() -> None:
    assert multi_row("INSERT OR IGNORE INTO links VALUES (?, ?)", TABLES, 3) == (
        "INSERT INTO links VALUES ($1, $2), ($3, $4), ($5, $6) ON CONFLICT DO NOTHING")
    assert multi_row("INSERT INTO links (link, submission_id) VALUES (?,?);", TABLES, 2) == (
        "INSERT INTO links (link, submission_id) VALUES ($1,$2), ($3,$4)")
    assert multi_row("INSERT OR REPLACE INTO comments VALUES (?, ?)", TABLES, 2) is None
    assert multi_row("INSERT INTO submissions VALUES (?, ?)", TABLES, 2) is None
    assert multi_row("INSERT INTO links VALUES (?, 'a')", TABLES, 2) is None
    assert multi_row("INSERT INTO links SELECT ?, ? FROM links", TABLES, 2) is None
    assert multi_row("INSERT INTO inconnue VALUES (?, ?)", TABLES, 2) is None
    assert numbered("SELECT '%%', %s, %s") == "SELECT '%', $1, $2"


def test_d2_many_rows_at_once_on_both_backends(
        make_target: Callable[[str], Target]) -> None:
    target = make_target("lignes")
    conn = open_store(target, write=True)
    try:
        with transaction(conn):
            conn.execute("INSERT INTO campaigns (name, year, referentiel, referentiel_hash, "
                         "created_at) VALUES ('c', 2025, 'r', 'h', 'maintenant')")
            for n in (1, 2):
                conn.execute("INSERT INTO submissions (campaign_id, file_name, sha256, "
                             "received_at, kind, status, engine_version) VALUES (1, ?, ?, "
                             "'maintenant', 'structure', 'valide', 'essai')",
                             (f"f{n}.xlsx", f"h{n}"))
            rows = [(f"lien-{n % 1500} 100 % ? '", 1 + n % 2) for n in range(4000)]
            conn.executemany("INSERT OR IGNORE INTO links VALUES (?, ?)", rows)
            conn.executemany("INSERT OR IGNORE INTO links VALUES (?, ?)", [])
            conn.executemany("INSERT INTO respondents VALUES (?, ?, ?)",
                             [(1, f"r{n:05d}", "benevoles") for n in range(40_000)])
    finally:
        conn.close()
    stored = dump(target)
    assert sorted(stored["links"]) == sorted(set(rows))
    assert len(stored["links"]) == 1500  # n % 1500 gives n's parity: 1,500 pairs
    assert len(stored["respondents"]) == 40_000
