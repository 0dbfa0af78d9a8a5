"""Simulated campaigns written straight into a store, without workbooks.

What happens after ingestion (statistics, the publication and its audit, reports) is
tested and measured on many campaigns of many sizes; building and reading thousands of
workbooks for that would only measure the reader again. Here each structure's answers
are drawn as :func:`evalsoc.simulate.answers.draw_answers` draws them for workbooks,
scored, and written with the store's own functions, exactly as ``evalsoc ingest``
writes a valid workbook.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from evalsoc import __version__
from evalsoc.answers.model import StructureInfo
from evalsoc.referentiel.model import Referentiel
from evalsoc.referentiel.registry import load_entry, resolve
from evalsoc.scoring import score
from evalsoc.simulate.answers import Campaign, draw_answers
from evalsoc.simulate.registry import SimStructure
from evalsoc.simulate.run import hints_for
from evalsoc.store.db import connect, transaction
from evalsoc.store.target import Target
from evalsoc.store.write import insert_rows, upsert_structure, write_scores

__all__ = ["store_campaign"]


def store_campaign(db: Target, name: str, year: int, referentiel: Referentiel,
                   structures: Sequence[SimStructure], seed: int,
                   registry: Sequence[StructureInfo] = (), root: Path | None = None) -> None:
    """Campaign ``name`` of ``structures`` (their workbooks' « Identification » as in
    ``structure.info``) into the store at ``db`` (a file or a server); ``registry``
    rows are loaded as ``ingest --structures`` loads them."""
    entry, _ = resolve(referentiel.ref, root)
    ref_hash = load_entry(entry).hash or ""
    campaign = Campaign(referentiel, ref_hash, hints_for(referentiel, root), seed, year)
    conn = connect(db)
    try:
        with transaction(conn):
            for info in registry:
                upsert_structure(conn, info, authoritative=True)
            now = datetime.now(UTC).isoformat(timespec="seconds")
            cursor = conn.execute(
                "INSERT INTO campaigns (name, year, referentiel, referentiel_hash, created_at) "
                "VALUES (?, ?, ?, ?, ?)", (name, year, referentiel.ref, ref_hash, now))
            campaign_id = int(cursor.lastrowid or 0)
            conn.execute("INSERT INTO campaign_referentiels VALUES (?, ?, ?, ?)",
                         (campaign_id, referentiel.ref, ref_hash, referentiel.kind.value))
            for sim in structures:
                answers = draw_answers(campaign, sim)
                result = score(referentiel, answers, ref_hash)
                upsert_structure(conn, answers.structure)
                cursor = conn.execute(
                    "INSERT INTO submissions (campaign_id, file_name, sha256, received_at, "
                    "kind, structure_id, questionnaire_id, referentiel, referentiel_hash, "
                    "status, engine_version, consent) "
                    "VALUES (?, ?, ?, ?, 'structure', ?, ?, ?, ?, 'valide', ?, ?)",
                    (campaign_id, f"{sim.info.id}.xlsx", f"{name}:{sim.info.id}", now,
                     sim.info.id, answers.questionnaire_id, referentiel.ref, ref_hash,
                     __version__, sim.info.consentement))
                submission = int(cursor.lastrowid or 0)
                insert_rows(conn, submission, answers, ())
                write_scores(conn, submission, result)
    finally:
        conn.close()
