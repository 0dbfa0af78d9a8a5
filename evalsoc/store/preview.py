"""What a version does to a campaign, before anyone publishes it: the scores of its
current structures under two versions, measured by :func:`evalsoc.versions.impact.measure`
(``evalsoc referentiel impact``, and the summary of ``evalsoc migrate``)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from evalsoc.referentiel.model import Referentiel
from evalsoc.store.backends import Connection
from evalsoc.store.migration import MigrationPlan, Row, campaign_row, rescored_rows
from evalsoc.store.translated import stored_referentiel
from evalsoc.versions.chain import chain
from evalsoc.versions.impact import Impact, Scores, measure
from evalsoc.versions.series import origins, series_flags

__all__ = ["campaign_impact", "migration_impact"]


def _current(conn: Connection, campaign_id: int) -> dict[int, str]:
    """The campaign's current structure submissions: submission -> structure."""
    return {int(i): str(s) for i, s in conn.execute(
        "SELECT id, structure_id FROM submissions WHERE campaign_id = ? AND "
        "kind = 'structure' AND status = 'valide' ORDER BY id", (campaign_id,))}


def _names(conn: Connection) -> dict[str, str]:
    return {str(i): str(n or "") for i, n in conn.execute("SELECT id, nom FROM structures")}


def _scores(rows: Iterable[Row], current: dict[int, str]) -> Scores:
    found: dict[str, dict[str, tuple[float | None, int | None]]] = {}
    for row in rows:
        submission, node, score, level = row[0], row[1], row[3], row[4]
        structure = current.get(int(str(submission)))
        if structure is not None:
            found.setdefault(structure, {})[str(node)] = (
                None if score is None else float(str(score)),
                None if level is None else int(str(level)))
    return found


def migration_impact(conn: Connection, plan: MigrationPlan,
                     root: Path | None = None) -> Impact:
    """The campaign's current structures, before (its live scores) and after ``plan``."""
    current = _current(conn, plan.campaign_id)
    source = stored_referentiel(plan.source, plan.source_hash, root)
    return measure(plan.source, plan.target, plan.campaign, _scores(plan.before, current),
                   _scores(plan.rows, current), plan.flags,
                   origins(chain(source, plan.target, root), plan.target), _names(conn))


def campaign_impact(conn: Connection, campaign: str,
                    old: tuple[Referentiel, str], new: tuple[Referentiel, str],
                    root: Path | None = None) -> Impact:
    """The campaign's current structures scored under ``old`` and ``new`` (each a
    référentiel and its fingerprint), from their stored answers: nothing is written.
    MigrationError (DB003) for an unknown campaign."""
    current = _current(conn, campaign_row(conn, campaign)[0])
    steps = chain(old[0], new[0], root)
    before: list[Row] = []
    after: list[Row] = []
    for submission, structure in current.items():
        before += rescored_rows(conn, submission, structure, old[0], old[1])[0]
        after += rescored_rows(conn, submission, structure, new[0], new[1])[0]
    return measure(old[0].ref, new[0], campaign, _scores(before, current),
                   _scores(after, current), series_flags(steps, new[0]),
                   origins(steps, new[0]), _names(conn))
