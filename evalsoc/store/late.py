"""Workbooks of another version than their campaign's.

A workbook generated under an earlier version and returned to a campaign that follows a
later one (a late return, after the référentiel was revised) is read through the
crosswalks: its answers are stored as they were given, scored under the campaign's
version, and a warning names both versions (VER021) and what could not be carried
(VER022, VER023). A workbook of a later version than its campaign's is refused with the
way forward (VER026); any other référentiel stays refused (DB001).
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache

from evalsoc.batch.run import BatchItem
from evalsoc.catalogue import Code
from evalsoc.issues import Issue, make_issue
from evalsoc.referentiel.model import Referentiel
from evalsoc.referentiel.registry import ReferentielNotFoundError, load_entry, resolve
from evalsoc.store.backends import Connection
from evalsoc.store.translated import native
from evalsoc.versions.chain import VersionError, chain, later
from evalsoc.versions.translate import Translation, translate

__all__ = ["LATE_CODES", "campaign_referentiel", "read_late", "scoring_referentiel"]

LATE_CODES = frozenset({Code.VER_LATE_WORKBOOK.value, Code.VER_NOT_CARRIED.value,
                        Code.VER_VALUE_REFUSED.value})


@lru_cache(maxsize=16)
def _resolved(name: str, mtime: int) -> tuple[Referentiel, str] | None:
    try:
        entry, ref = resolve(name)
    except ReferentielNotFoundError:
        return None
    return ref, load_entry(entry).hash or ""


def campaign_referentiel(name: str) -> tuple[Referentiel, str] | None:
    """A campaign's référentiel and its fingerprint, by name (None if unavailable)."""
    try:
        entry, _ = resolve(name)
    except ReferentielNotFoundError:
        return None
    return _resolved(name, entry.path.stat().st_mtime_ns)


def scoring_referentiel(conn: Connection, campaign_id: int,
                        ref: Referentiel | None, digest: str | None
                        ) -> tuple[Referentiel, str]:
    """What a structure of the campaign is scored with: the campaign's version, whatever
    the version of the workbook that just arrived."""
    name = str(conn.execute("SELECT referentiel FROM campaigns WHERE id = ?",
                            (campaign_id,)).fetchone()[0])
    if ref is not None and native(ref, name):
        return ref, digest or ""
    found = campaign_referentiel(name)
    if found is None:
        raise VersionError(make_issue(Code.VER_STORED_VERSION, ref=name, expected="",
                                      detail="introuvable ici"))
    return found


def read_late(item: BatchItem, campaign: str, expected_ref: str) -> BatchItem | None:
    """``item`` accepted through the crosswalks, with its warnings; or None when it is
    not a workbook of an earlier version of the campaign's référentiel (or none leads
    there): then it is refused as before. A workbook of a later version is refused with
    VER026."""
    read = item.read
    found = campaign_referentiel(expected_ref)
    if read.answers is None or read.referentiel is None or found is None:
        return None
    target, _ = found
    if later(target, read.referentiel):
        issue = make_issue(Code.VER_LATER_WORKBOOK, file=read.file, old=target.ref,
                           new=read.referentiel.ref, campaign=campaign)
        return BatchItem(dataclasses.replace(read, answers=None,
                                             issues=(*read.issues, issue)))
    try:
        steps = chain(read.referentiel, target)
    except VersionError:
        return None
    _, report = translate(read.answers, steps)
    warnings = _warnings(read.file, campaign, report)
    return BatchItem(dataclasses.replace(read, issues=(*read.issues, *warnings)),
                     None, item.merged)


def _warnings(file: str, campaign: str, report: Translation) -> list[Issue]:
    lost = report.not_carried + report.no_equivalent
    parts = []
    if lost:
        parts.append("sans équivalent : " + ", ".join(sorted(lost)))
    if report.unsplit:
        parts.append("questions scindées laissées sans réponse : "
                     + ", ".join(sorted(report.unsplit)))
    detail = " ; ".join(parts) or "toutes les réponses sont reprises"
    found = [make_issue(Code.VER_LATE_WORKBOOK, file=file, old=report.source,
                        new=report.target, campaign=campaign, detail=detail)]
    if total := sum(lost.values()):
        found.append(make_issue(Code.VER_NOT_CARRIED, file=file, count=total,
                                old=report.source, new=report.target,
                                detail=", ".join(f"{q} : {n}" for q, n in sorted(lost.items()))))
    for refused in report.refused:
        answer = refused.answer
        src = answer.source
        found.append(make_issue(
            Code.VER_VALUE_REFUSED, file=file, sheet=src.sheet if src else None,
            cell=src.cell if src else None, question=answer.question,
            respondent=answer.respondent, raw=answer.raw or refused.value,
            old=answer.question, new=refused.target, value=refused.value,
            ref=report.target, detail=refused.detail))
    return found
