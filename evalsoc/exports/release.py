"""A campaign's publication written into its base (``evalsoc serveur publier``), for
readers who may see the published figures and nothing else, and read back
(``evalsoc serveur lire``).

What is written is the export's tables (:func:`~evalsoc.exports.campaign.campaign_tables`),
all taken from one audited :class:`~evalsoc.publish.publication.Publication`, except the
free texts: a reader of the base sees no respondent's words. A publication the audit did
not clear is not written. The campaign's previous publication is replaced in one
transaction: a reader sees the old one or the new one, never a mixture.

On a server, the reading role reads these rows through the views of the schema
``publication`` (:mod:`evalsoc.store.backends.roles`), and nothing else of the base.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from evalsoc import __version__
from evalsoc.store.backends import Connection
from evalsoc.store.db import transaction

__all__ = ["RELEASED", "Release", "read_release", "released_campaigns", "write_release"]

# the export's tables a reader of the base may see (never « textes »: free texts)
RELEASED = ("structures", "secteur", "groupes_repondants", "totaux", "evolution", "notes")


@dataclass(frozen=True)
class Release:
    campaign: str
    previous: str | None
    published_at: str
    rules: dict[str, Any]
    clean: bool
    figures: int
    engine_version: str
    tables: dict[str, pd.DataFrame]


def _plain(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):  # a numpy scalar
        return _plain(value.item())
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def _rows(frame: pd.DataFrame) -> list[str]:
    columns = [str(c) for c in frame.columns]
    return [json.dumps(dict(zip(columns, map(_plain, row), strict=True)), ensure_ascii=False,
                       default=str) for row in frame.itertuples(index=False, name=None)]


def write_release(conn: Connection, campaign: str, previous: str | None,
                  tables: Mapping[str, pd.DataFrame], rules: Mapping[str, Any],
                  figures: int) -> int:
    """Replace ``campaign``'s publication in the base by ``tables`` (those of
    :data:`RELEASED` found there); the number of rows written."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    written = 0
    with transaction(conn):
        conn.execute("DELETE FROM release_rows WHERE campaign = ?", (campaign,))
        conn.execute("DELETE FROM releases WHERE campaign = ?", (campaign,))
        conn.execute("INSERT INTO releases (campaign, previous, published_at, rules, clean, "
                     "figures, engine_version) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     (campaign, previous, now, json.dumps(dict(rules), ensure_ascii=False),
                      1, figures, __version__))
        for name in RELEASED:
            if name not in tables:
                continue
            rows = _rows(tables[name])
            conn.executemany("INSERT INTO release_rows (campaign, table_name, seq, data) "
                             "VALUES (?, ?, ?, ?)",
                             [(campaign, name, seq, data) for seq, data in enumerate(rows)])
            written += len(rows)
    return written


def released_campaigns(conn: Connection, views: bool = False) -> list[str]:
    table = "publication.campagnes" if views else "releases"
    column = "campagne" if views else "campaign"
    return [str(r[0]) for r in conn.execute(f"SELECT {column} FROM {table} ORDER BY {column}")]


def read_release(conn: Connection, campaign: str, views: bool = False) -> Release | None:
    """The publication of ``campaign`` as written, None when it has none. ``views``:
    through the schema ``publication`` (what a server's reading role may read)."""
    if views:
        head = conn.execute("SELECT campagne, precedente, publiee_le, regles::text, "
                            "CASE WHEN verifiee THEN 1 ELSE 0 END, chiffres_verifies, "
                            "version_evalsoc FROM publication.campagnes WHERE campagne = ?",
                            (campaign,)).fetchone()
        body = ("SELECT tableau, donnees::text FROM publication.tableaux WHERE campagne = ? "
                "ORDER BY tableau, ligne")
    else:
        head = conn.execute("SELECT campaign, previous, published_at, rules, clean, figures, "
                            "engine_version FROM releases WHERE campaign = ?",
                            (campaign,)).fetchone()
        body = ("SELECT table_name, data FROM release_rows WHERE campaign = ? "
                "ORDER BY table_name, seq")
    if head is None:
        return None
    rows: dict[str, list[dict[str, Any]]] = {}
    for name, data in conn.execute(body, (campaign,)):
        rows.setdefault(str(name), []).append(json.loads(data))
    tables = {n: pd.DataFrame(rows[n]) for n in RELEASED if n in rows}
    return Release(str(head[0]), head[1], str(head[2]), json.loads(head[3]), bool(head[4]),
                   int(head[5]), str(head[6]), tables)
