"""The référentiels a campaign asks: one, or several asked together (a bundle).

A campaign is created by its first valid workbook, with every référentiel that workbook
carries (table ``campaign_referentiels``, with each one's fingerprint and kind);
``campaigns.referentiel`` is its *main* one, the utilité-sociale référentiel when there
is one (the sector statistics of the profile read it as before). A later workbook is
accepted when:

- each référentiel it carries that the campaign already asks is the same version, with
  the same fingerprint (otherwise DB001 for a campaign of one référentiel, as before;
  QLIB020 naming the version the campaign asks, when it asks several); a workbook of an
  earlier version of a campaign's only référentiel is read through the crosswalks
  (:mod:`evalsoc.store.late`: VER021-023, or VER026 for a later version);
- it shares at least one référentiel with the campaign (a workbook of another
  référentiel altogether is refused, DB001, as before);

and the référentiels it adds (the financial self-diagnosis added to a campaign of
utilité sociale) become the campaign's too. A structure has one current workbook per
campaign, whatever it carries: a newer one that carries fewer référentiels than the one
it replaces is said (QLIB021), never silently dropped.

Every function runs inside the caller's transaction.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from evalsoc.batch.run import BatchItem
from evalsoc.catalogue import Code
from evalsoc.excel import layout
from evalsoc.issues import Issue, make_issue
from evalsoc.referentiel.fingerprint import canonical_hash, matches
from evalsoc.referentiel.model import Kind, Referentiel
from evalsoc.store.backends import Connection
from evalsoc.store.db import transaction
from evalsoc.store.late import read_late

__all__ = ["accept", "campaign_members", "create_campaign", "main_part", "parts_of"]


def parts_of(referentiel: Referentiel) -> tuple[Referentiel, ...]:
    """The référentiels a workbook carries: a bundle's parts, or itself."""
    return referentiel.parts or (referentiel,)


def main_part(referentiel: Referentiel) -> Referentiel:
    """The utilité-sociale référentiel of a workbook when it has one, else its first."""
    parts = parts_of(referentiel)
    return next((p for p in parts if p.kind is Kind.UTILITE_SOCIALE), parts[0])


def campaign_members(conn: Connection, campaign_id: int) -> dict[str, tuple[str, str]]:
    """The référentiels of a campaign: ``id@version`` -> (fingerprint, kind)."""
    return {str(r): (str(h), str(k)) for r, h, k in conn.execute(
        "SELECT referentiel, referentiel_hash, kind FROM campaign_referentiels "
        "WHERE campaign_id = ? ORDER BY referentiel", (campaign_id,))}


def create_campaign(conn: Connection, name: str, year: int,
                    referentiel: Referentiel, ref_hash: str) -> tuple[int, str, str]:
    """A new campaign for the référentiel(s) of its first workbook (in a transaction of
    its own): its id, main référentiel and that one's fingerprint."""
    main = main_part(referentiel)
    main_hash = ref_hash if not referentiel.parts else canonical_hash(main)
    created = datetime.now(UTC).isoformat(timespec="seconds")
    with transaction(conn):  # on a server, another consultant may have created it since
        row = conn.execute("SELECT id, referentiel, referentiel_hash FROM campaigns "
                           "WHERE name = ?", (name,)).fetchone()
        if row is not None:
            return int(row[0]), str(row[1]), str(row[2])
        cursor = conn.execute(
            "INSERT INTO campaigns (name, year, referentiel, referentiel_hash, created_at) "
            "VALUES (?, ?, ?, ?, ?)", (name, year, main.ref, main_hash, created))
        campaign_id = int(cursor.lastrowid or 0)
        for part in parts_of(referentiel):
            _add(conn, campaign_id, part, main_hash if part is main else canonical_hash(part))
    return campaign_id, main.ref, main_hash


def _add(conn: Connection, campaign_id: int, part: Referentiel, digest: str) -> None:
    conn.execute("INSERT OR IGNORE INTO campaign_referentiels VALUES (?, ?, ?, ?)",
                 (campaign_id, part.ref, digest, part.kind.value))


def accept(conn: Connection, campaign_id: int, campaign: str,
           item: BatchItem) -> BatchItem:
    """The item refused (DB001, QLIB020) when it cannot join the campaign; otherwise the
    référentiels it adds recorded, and a warning (QLIB021) when it carries fewer than
    the workbook it replaces."""
    read = item.read
    if not (read.valid and read.answers and read.referentiel is not None):
        return item
    members = campaign_members(conn, campaign_id)
    by_id = {ref.partition("@")[0]: (ref, digest) for ref, (digest, _) in members.items()}
    parts = parts_of(read.referentiel)
    shared = False
    for part in parts:
        known = by_id.get(part.id)
        if known is None:
            continue
        shared = True
        ref, digest = known
        if ref != part.ref or not matches(part, digest):
            if ref != part.ref and len(parts) == 1 and len(members) == 1 and (
                    late := read_late(item, campaign, ref)) is not None:
                return late  # an earlier version: read through the crosswalks, or VER026
            return _refused(item, campaign, part.ref, ref, several=len(members) > 1)
    if not shared:
        return _refused(item, campaign, read.answers.referentiel,
                        " + ".join(members) or "?", several=len(members) > 1)
    for part in parts:
        if part.ref not in members:
            _add(conn, campaign_id, part, canonical_hash(part))
    _main(conn, campaign_id, members, parts)
    dropped = _dropped(conn, campaign_id, read.answers.structure.id, parts, read.file)
    if dropped is None:
        return item
    return BatchItem(dataclasses.replace(read, issues=(*read.issues, dropped)),
                     item.result, item.merged)


def _refused(item: BatchItem, campaign: str, ref: str, expected: str,
             several: bool) -> BatchItem:
    read = item.read
    code = Code.QLIB_CAMPAIGN_VERSION if several else Code.DB_OTHER_REFERENTIEL
    issue = make_issue(code, file=read.file, ref=ref, campaign=campaign, expected=expected)
    return BatchItem(dataclasses.replace(read, answers=None, issues=(*read.issues, issue)))


def _main(conn: Connection, campaign_id: int, members: dict[str, tuple[str, str]],
          parts: tuple[Referentiel, ...]) -> None:
    """A campaign created by a diagnostic alone takes the utilité-sociale référentiel
    as its main one when it arrives (the profile's statistics read it)."""
    if any(kind == Kind.UTILITE_SOCIALE.value for _, kind in members.values()):
        return
    profile = next((p for p in parts if p.kind is Kind.UTILITE_SOCIALE), None)
    if profile is not None:
        conn.execute("UPDATE campaigns SET referentiel = ?, referentiel_hash = ? WHERE id = ?",
                     (profile.ref, canonical_hash(profile), campaign_id))


def _dropped(conn: Connection, campaign_id: int, structure: str,
             parts: tuple[Referentiel, ...], file: str) -> Issue | None:
    """QLIB021 when the structure's current workbook carries référentiels this one
    does not (it is about to replace it)."""
    row = conn.execute(
        "SELECT referentiel, file_name FROM submissions WHERE campaign_id = ? AND "
        "structure_id = ? AND kind = ? AND status = 'valide' ORDER BY id DESC LIMIT 1",
        (campaign_id, structure, layout.KIND_STRUCTURE)).fetchone()
    if row is None or not row[0]:
        return None
    carried = {p.ref for p in parts}
    lost = [ref for ref in str(row[0]).split("+") if ref not in carried]
    if not lost:
        return None
    return make_issue(Code.QLIB_CAMPAIGN_DROPPED, file=file, structure=structure,
                      previous=row[1], dropped=", ".join(lost))
