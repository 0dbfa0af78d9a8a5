"""What the fiche financière reads from the store: the diagnostics a submission keeps
(:func:`evalsoc.store.write.write_scores`) and the diagnostic référentiels a campaign
asks. Plain SQL: worker processes that render fiches import this without pandas."""

from __future__ import annotations

from dataclasses import dataclass

from evalsoc.store.backends import Connection

__all__ = ["StoredReading", "diagnostic_members", "has_scores", "stored_diagnostics"]


@dataclass(frozen=True)
class StoredReading:
    """One indicator of one period as the store keeps it."""

    indicator: str
    period: str
    value: float | None
    band: str | None
    absent: str | None
    reason: str
    alert: str


def diagnostic_members(conn: Connection, campaign: str) -> tuple[tuple[str, str], ...]:
    """The diagnostic référentiels the campaign asks: (référentiel, fingerprint)."""
    return tuple((str(r), str(h)) for r, h in conn.execute(
        "SELECT m.referentiel, m.referentiel_hash FROM campaign_referentiels m "
        "JOIN campaigns c ON c.id = m.campaign_id WHERE c.name = ? AND m.kind = 'diagnostic' "
        "ORDER BY m.referentiel", (campaign,)))


def stored_diagnostics(conn: Connection, submission: int, referentiel: str
                       ) -> tuple[StoredReading, ...]:
    """The submission's readings of one diagnostic référentiel (none: not answered)."""
    return tuple(StoredReading(str(i), str(p), v, b, a, r or "", al or "")
                 for i, p, v, b, a, r, al in conn.execute(
        "SELECT indicator, period, value, band, absent, reason, alert FROM diagnostics "
        "WHERE submission_id = ? AND referentiel = ?", (submission, referentiel)))


def has_scores(conn: Connection, submission: int) -> bool:
    """Whether the submission has utilité-sociale scores (not only a diagnostic)."""
    return conn.execute("SELECT 1 FROM scores WHERE submission_id = ? LIMIT 1",
                        (submission,)).fetchone() is not None
