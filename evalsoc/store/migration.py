"""``evalsoc migrate``: a campaign's stored answers scored again under a later version
of its référentiel, and back.

:func:`plan_migration` only reads: every structure submission that has scores is read
under the new version (:func:`evalsoc.store.write.load_answer_set`, through the
crosswalks) and scored; the plan holds the very rows a migration writes, so that
``--dry-run`` shows what :func:`apply_migration` then writes, in one transaction. The
scores the campaign had are saved whole beside them (:mod:`evalsoc.store.scoresets`);
:func:`undo_migration` puts them back, row for row.

Exceptions::

    UsageError (evalsoc.errors)
     └── MigrationError   unknown campaign, another référentiel, an earlier version,
                          nothing to undo... (VER030-VER034, DB003)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from evalsoc.answers.model import StructureInfo
from evalsoc.catalogue import Code
from evalsoc.errors import MigrationError
from evalsoc.issues import Issue, make_issue
from evalsoc.referentiel.model import Referentiel
from evalsoc.scoring import score
from evalsoc.store.backends import Connection
from evalsoc.store.scoresets import (
    active_set,
    insert_rows,
    live_rows,
    new_set,
    restore_set,
    save_live,
    set_by_id,
)
from evalsoc.store.translated import Chains, native, stored_referentiel, version_flags
from evalsoc.store.write import load_answer_set, submission_versions
from evalsoc.versions.check import version_key
from evalsoc.versions.series import SeriesFlag
from evalsoc.versions.translate import Translation

__all__ = [
    "MigrationError",
    "MigrationPlan",
    "Row",
    "Undone",
    "already_there",
    "apply_migration",
    "plan_migration",
    "rescored_rows",
    "scored_submissions",
    "undo_migration",
]

Row = tuple[object, ...]



@dataclass
class MigrationPlan:
    """What migrating ``campaign`` to ``target`` writes: its score rows and flags."""

    campaign: str
    campaign_id: int
    source: str  # the version the campaign follows now
    source_hash: str
    target: Referentiel
    target_hash: str
    rows: list[Row] = field(default_factory=list)  # as in the scores table
    series: list[Row] = field(default_factory=list)  # as in the series table
    before: list[Row] = field(default_factory=list)  # the live rows it replaces
    structures: dict[int, str] = field(default_factory=dict)  # submission -> structure
    flags: dict[str, SeriesFlag] = field(default_factory=dict)  # of the campaign's version
    translations: list[Translation] = field(default_factory=list)


def already_there(conn: Connection, campaign: str, target: Referentiel) -> Issue | None:
    """VER030 when the campaign already follows ``target``: nothing to do, which is not a
    refusal (the command says so and succeeds)."""
    _, current, _ = campaign_row(conn, campaign)
    if current == target.ref:
        return make_issue(Code.VER_ALREADY, campaign=campaign, ref=current)
    return None


def campaign_row(conn: Connection, name: str) -> tuple[int, str, str]:
    row = conn.execute("SELECT id, referentiel, referentiel_hash FROM campaigns WHERE "
                       "name = ?", (name,)).fetchone()
    if row is None:
        known = ", ".join(f"« {r[0]} »" for r in conn.execute(
            "SELECT name FROM campaigns ORDER BY year, name")) or "aucune"
        raise MigrationError(make_issue(Code.DB_UNKNOWN_CAMPAIGN, campaign=name,
                                        file=getattr(conn, "file", ""), known=known))
    return int(row[0]), str(row[1]), str(row[2])


def _structure(conn: Connection, ident: str) -> StructureInfo:
    row = conn.execute("SELECT id, nom, departement, commune, territoire, discipline, taille, "
                       "consentement FROM structures WHERE id = ?", (ident,)).fetchone()
    keys = ("id", "name", "departement", "commune", "territoire", "discipline", "taille",
            "consentement")
    if row is None:
        return StructureInfo(id=ident)
    return StructureInfo(**{k: v for k, v in zip(keys, row, strict=True) if v is not None})


def scored_submissions(conn: Connection, campaign_id: int, after: int = -1
            ) -> list[tuple[int, str]]:
    """The structure submissions of the campaign that have scores (submission,
    structure), received after submission ``after``."""
    return [(int(i), str(s)) for i, s in conn.execute(
        "SELECT s.id, s.structure_id FROM submissions s WHERE s.campaign_id = ? AND "
        "s.kind = 'structure' AND s.id > ? AND EXISTS (SELECT 1 FROM scores sc "
        "WHERE sc.submission_id = s.id) ORDER BY s.id", (campaign_id, after))]


def _check_target(campaign: str, current: str, target: Referentiel) -> None:
    ident, _, version = current.partition("@")
    if ident != target.id:
        raise MigrationError(make_issue(Code.VER_OTHER_REFERENTIEL, campaign=campaign,
                                        current=current, target=target.id))
    if version == target.version:
        raise MigrationError(make_issue(Code.VER_ALREADY, campaign=campaign, ref=current))
    if version_key(target.version) < version_key(version):
        raise MigrationError(make_issue(Code.VER_BACKWARDS, campaign=campaign,
                                        current=current, target=target.ref))


def rescored_rows(conn: Connection, submission: int, structure: str,
                  target: Referentiel, target_hash: str,
                  translations: list[Translation] | None = None,
                  chains: Chains | None = None) -> tuple[list[Row], list[Row]]:
    """One structure submission scored under ``target``: its score and series rows
    (what reading its answers left out added to ``translations``; ``chains`` keeps the
    crosswalks found for the next submissions)."""
    chains = chains or Chains()
    answers = load_answer_set(conn, submission, target, _structure(conn, structure),
                              translations, chains)
    result = score(target, answers, target_hash)
    rows: list[Row] = [
        (submission, n.id, n.kind, n.score, n.level, n.completeness,
         n.absent.value if n.absent else None, int(n.informational), n.reason or None,
         n.rule or None, n.policy or None, n.respondents)
        for n in result.nodes().values()]
    versions = submission_versions(conn, submission)
    origin = ", ".join(dict.fromkeys(n for n, _ in versions if not native(target, n)))
    series: list[Row] = [(submission, node, flag.flag.value, origin, flag.cause or None)
                         for node, flag in sorted(version_flags(target, versions,
                                                                  chains=chains).items())]
    return sorted(rows, key=lambda r: str(r[1])), series


def plan_migration(conn: Connection, campaign: str, target: Referentiel,
                   target_hash: str, root: Path | None = None) -> MigrationPlan:
    """What migrating ``campaign`` to ``target`` would write (nothing is written)."""
    campaign_id, current, current_hash = campaign_row(conn, campaign)
    _check_target(campaign, current, target)
    source = stored_referentiel(current, current_hash, root)
    plan = MigrationPlan(campaign, campaign_id, current, current_hash, target, target_hash,
                         before=live_rows(conn, campaign_id),
                         flags=version_flags(target, [(source.ref, current_hash)], root))
    chains = Chains(root)
    for submission, structure in scored_submissions(conn, campaign_id):
        rows, series = rescored_rows(conn, submission, structure, target, target_hash,
                                     plan.translations, chains)
        plan.rows += rows
        plan.series += series
        plan.structures[submission] = structure
    return plan


def apply_migration(conn: Connection, plan: MigrationPlan) -> int:
    """Write ``plan`` (inside the caller's transaction): the live scores saved, the new
    ones written, the campaign under its new version. The new set's id."""
    active = active_set(conn, plan.campaign_id)
    saved = active.id if active is not None else new_set(
        conn, plan.campaign_id, plan.source, plan.source_hash, None, "saved")
    save_live(conn, plan.campaign_id, saved)
    conn.execute("DELETE FROM scores WHERE submission_id IN (SELECT id FROM submissions "
                 "WHERE campaign_id = ?)", (plan.campaign_id,))
    conn.execute("DELETE FROM series WHERE submission_id IN (SELECT id FROM submissions "
                 "WHERE campaign_id = ?)", (plan.campaign_id,))
    insert_rows(conn, plan.rows, plan.series)
    created = new_set(conn, plan.campaign_id, plan.target.ref, plan.target_hash, saved,
                      "active")
    follow(conn, plan.campaign_id, plan.source, plan.target.ref, plan.target_hash)
    return created


def follow(conn: Connection, campaign_id: int, old: str, new: str, digest: str) -> None:
    """The campaign follows ``new`` instead of ``old``: as its main référentiel and among
    the référentiels it asks (:mod:`evalsoc.store.members`)."""
    conn.execute("UPDATE campaigns SET referentiel = ?, referentiel_hash = ? WHERE id = ?",
                 (new, digest, campaign_id))
    conn.execute("UPDATE campaign_referentiels SET referentiel = ?, referentiel_hash = ? "
                 "WHERE campaign_id = ? AND referentiel = ?", (new, digest, campaign_id, old))


@dataclass(frozen=True)
class Undone:
    campaign: str
    current: str  # the version the campaign followed
    restored: str  # the version it follows again
    rescored: tuple[str, ...]  # structures received since, scored again under it


def undo_migration(conn: Connection, campaign: str, root: Path | None = None
                   ) -> Undone:
    """Bring ``campaign`` back to the scores it had before its last migration (inside
    the caller's transaction). Workbooks received since are scored under that version
    again, when their answers can be read under it (MigrationError otherwise)."""
    campaign_id, current, _ = campaign_row(conn, campaign)
    active = active_set(conn, campaign_id)
    previous = set_by_id(conn, active.replaces) if active and active.replaces else None
    if active is None or previous is None:
        raise MigrationError(make_issue(Code.VER_NOTHING_TO_UNDO, campaign=campaign,
                                        ref=current))
    back = stored_referentiel(previous.referentiel, previous.referentiel_hash, root)
    later = _changed_since(conn, campaign_id, active.last_submission)
    blocked = [s for s in later if any(
        version_key(n.partition("@")[2]) > version_key(back.version)
        for n, _ in submission_versions(conn, s))]
    if blocked:
        files = ", ".join(str(conn.execute("SELECT file_name FROM submissions WHERE id = ?",
                                           (s,)).fetchone()[0]) for s in blocked)
        raise MigrationError(make_issue(Code.VER_UNDO_BLOCKED, count=len(blocked),
                                        campaign=campaign, new=current, old=back.ref,
                                        files=files))
    save_live(conn, campaign_id, active.id)
    restore_set(conn, campaign_id, previous.id)
    follow(conn, campaign_id, current, previous.referentiel, previous.referentiel_hash)
    structures = []
    for submission in later:
        structure = str(conn.execute("SELECT structure_id FROM submissions WHERE id = ?",
                                     (submission,)).fetchone()[0])
        rows, series = rescored_rows(conn, submission, structure, back,
                                     previous.referentiel_hash)
        conn.execute("DELETE FROM scores WHERE submission_id = ?", (submission,))
        conn.execute("DELETE FROM series WHERE submission_id = ?", (submission,))
        insert_rows(conn, rows, series)
        structures.append(structure)
    return Undone(campaign, current, previous.referentiel, tuple(structures))


def _changed_since(conn: Connection, campaign_id: int, last: int) -> list[int]:
    """Structure submissions with scores received after ``last``, or whose forms were."""
    found = {s for s, _ in scored_submissions(conn, campaign_id, last)}
    found |= {int(r[0]) for r in conn.execute(
        "SELECT DISTINCT l.submission_id FROM submissions f JOIN links l "
        "ON l.link = f.parent_questionnaire_id JOIN submissions s ON s.id = l.submission_id "
        "WHERE f.campaign_id = ? AND f.kind = 'individuel' AND f.id > ? "
        "AND s.campaign_id = f.campaign_id AND EXISTS (SELECT 1 FROM scores sc "
        "WHERE sc.submission_id = s.id)", (campaign_id, last))}
    return sorted(found)

