"""``evalsoc merge``: the bases of several consultants made one, as if one base had
received every file.

- Submissions are known by their content (sha256) within a campaign: the same file in
  two bases, or already in the target, is written once.
- The target takes the new submissions in the order ``ingest`` takes files (date, then
  name), one transaction each, and decides again which version counts, by the rule of
  ``ingest`` (``--version-de``); scores are computed again with the individual forms the
  target now joins to each structure. A merge interrupted, then run again, ends as a
  clean one; a merge run twice changes nothing; the order of the sources changes
  nothing (``evalsoc merge A B`` and ``evalsoc merge B A`` write the same rows, with the
  same ids).
- A campaign must follow the same référentiel (and version) and year everywhere:
  otherwise it is not merged (MRG002, MRG003), and the others are.
- Structures: see :mod:`evalsoc.store.merge_registry`; a conflict stops the merge before
  anything is written (MRG004).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from evalsoc.answers.model import StructureInfo
from evalsoc.catalogue import Code
from evalsoc.issues import Issue, make_issue
from evalsoc.referentiel.fingerprint import matches
from evalsoc.referentiel.model import Referentiel
from evalsoc.referentiel.registry import load_entry, resolve
from evalsoc.store.backends import Connection
from evalsoc.store.db import Notify, StoreError, open_store, transaction
from evalsoc.store.lock import run_lock
from evalsoc.store.merge_copy import Incoming, copy_submission
from evalsoc.store.merge_registry import plan_structures, read_structures, write_structures
from evalsoc.store.quotes import merge_selections
from evalsoc.store.submit import VersionRule
from evalsoc.store.tables import child_tables, table_columns
from evalsoc.store.target import ServerTarget, Target
from evalsoc.store.write import upsert_structure

__all__ = ["CampaignMerge", "MergeSummary", "merge"]

Progress = Callable[[Iterator[Incoming], int], Iterable[Incoming]]


@dataclass
class CampaignMerge:
    campaign: str
    found: int = 0  # submissions in the sources (a file in two bases counted twice)
    merged: int = 0  # written to the target
    valid: int = 0
    rejected: int = 0
    superseded: int = 0  # versions that no longer count, replaced by one merged
    known: int = 0  # already in the target
    duplicates: int = 0  # the same file in several sources, written once
    versions: list[Issue] = field(default_factory=list)
    quotes: int = -1  # quotes selected after the merge (-1: no base holds a selection)


@dataclass
class MergeSummary:
    target: str
    sources: list[str]
    rule: VersionRule = VersionRule.PASSAGE
    campaigns: list[CampaignMerge] = field(default_factory=list)
    conflicts: list[Issue] = field(default_factory=list)  # nothing written
    refused: list[Issue] = field(default_factory=list)  # campaigns not merged
    notes: list[Issue] = field(default_factory=list)

    @property
    def problems(self) -> bool:
        return bool(self.conflicts or self.refused)


@dataclass(frozen=True)
class _Campaign:
    label: str
    year: int
    referentiel: str
    hash: str
    created_at: str


def merge(sources: Sequence[Target], target: Target, campaigns: Sequence[str] = (),
          registry: Sequence[StructureInfo] = (), rule: VersionRule = VersionRule.PASSAGE,
          notify: Notify | None = None, progress: Progress | None = None) -> MergeSummary:
    """Merge the campaigns of ``sources`` (all of them, or ``campaigns``) into
    ``target`` (created when absent). StoreError when a base cannot be used, or a source
    is the target (MRG001)."""
    labels = [str(s) for s in sources]
    _distinct(sources, target)
    summary = MergeSummary(str(target), labels, rule)
    opened = [open_store(s) for s in sources]
    try:
        conn = open_store(target, write=True, notify=notify)
        try:
            with run_lock(target, notify):
                _run(conn, opened, labels, summary, campaigns, registry, rule, progress)
        finally:
            conn.close()
    finally:
        for source in opened:
            source.close()
    return summary


def _distinct(sources: Sequence[Target], target: Target) -> None:
    def key(t: Target) -> str:
        return t.url if isinstance(t, ServerTarget) else str(Path(t).resolve())
    for source in sources:
        if key(source) == key(target):
            raise StoreError(make_issue(Code.MRG_SOURCE_IS_TARGET, file=str(target)))


def _run(conn: Connection, sources: list[Connection], labels: list[str],
         summary: MergeSummary, wanted: Sequence[str], registry: Sequence[StructureInfo],
         rule: VersionRule, progress: Progress | None) -> None:
    found = [_campaigns(s, label) for s, label in zip(sources, labels, strict=True)]
    names = sorted({n for f in found for n in f})
    for name in wanted:
        if name not in names:
            known = ", ".join(f"« {n} »" for n in names) or "aucune"
            raise StoreError(make_issue(Code.MRG_UNKNOWN_CAMPAIGN, campaign=name,
                                        known=known))
    names = [n for n in names if not wanted or n in wanted]
    if not names:
        summary.notes.append(make_issue(Code.MRG_NOTHING, sources=", ".join(labels)))
        return
    existing = read_structures(conn)
    plan = plan_structures([(summary.target, existing),
                            *((label, read_structures(s)) for s, label in
                              zip(sources, labels, strict=True))], {i.id for i in registry})
    summary.notes += plan.notes
    if plan.conflicts:
        summary.conflicts = plan.conflicts
        return
    here = _campaigns(conn, summary.target)
    ready = {}
    for name in names:
        checked = _check(name, [*([here[name]] if name in here else []),
                                *(f[name] for f in found if name in f)], summary)
        if checked is not None:
            ready[name] = checked
    with transaction(conn):
        write_structures(conn, plan, existing)
        for info in registry:
            upsert_structure(conn, info, authoritative=True)
        for name in ready:
            conn.executemany("INSERT OR IGNORE INTO registry VALUES (?, ?)", [
                *((name, r[0]) for s in sources for r in s.execute(
                    "SELECT structure_id FROM registry WHERE campaign = ?", (name,))),
                *((name, i.id) for i in registry)])
    columns = table_columns(conn)
    children = {t: columns[t] for t in child_tables(columns)}
    for name in sorted(ready, key=lambda n: (ready[n][1].created_at, n)):
        summary.campaigns.append(_campaign(conn, sources, name, ready[name], found, rule,
                                           children, progress))


def _campaigns(conn: Connection, label: str) -> dict[str, _Campaign]:
    return {str(r[0]): _Campaign(label, int(r[1]), str(r[2]), str(r[3]), str(r[4]))
            for r in conn.execute("SELECT name, year, referentiel, referentiel_hash, "
                                  "created_at FROM campaigns")}


def _check(name: str, holders: list[_Campaign], summary: MergeSummary
           ) -> tuple[Referentiel, _Campaign] | None:
    """The campaign's référentiel when every base agrees on it and on the year."""
    first = holders[0]
    for other in holders[1:]:
        if other.year != first.year:
            summary.refused.append(make_issue(
                Code.MRG_YEAR, campaign=name, year=first.year, source=first.label,
                other_year=other.year, other=other.label))
            return None
    try:
        entry, ref = resolve(first.referentiel)
    except LookupError as err:
        summary.refused.append(make_issue(Code.MRG_NO_REFERENTIEL, campaign=name,
                                          ref=first.referentiel, detail=str(err)))
        return None
    current = load_entry(entry).hash or ""
    for other in holders[1:]:
        if other.referentiel != first.referentiel or (other.hash != first.hash and not (
                _fits(ref, current, other.hash) and _fits(ref, current, first.hash))):
            summary.refused.append(make_issue(
                Code.MRG_REFERENTIEL, campaign=name, ref=other.referentiel,
                hash=other.hash[:12], source=other.label, expected=first.referentiel,
                expected_hash=first.hash[:12], other=first.label))
            return None
    if not _fits(ref, current, first.hash):
        summary.refused.append(make_issue(
            Code.MRG_NO_REFERENTIEL, campaign=name, ref=first.referentiel,
            detail=f"celui installé a l'empreinte {current[:12]}, la campagne "
                   f"{first.hash[:12]}"))
        return None
    return ref, min(holders, key=lambda c: (c.created_at, c.label))


def _fits(ref: Referentiel, current: str, expected: str) -> bool:
    return expected == current or matches(ref, expected)


def _members(conn: Connection, campaign_id: int, sources: list[Connection],
             name: str) -> None:
    """The référentiels the campaign asks in any source (:mod:`evalsoc.store.members`)."""
    for source in sources:
        for member in source.execute(
                "SELECT m.referentiel, m.referentiel_hash, m.kind FROM campaign_referentiels "
                "m JOIN campaigns c ON c.id = m.campaign_id WHERE c.name = ? "
                "ORDER BY m.referentiel", (name,)).fetchall():
            conn.execute("INSERT OR IGNORE INTO campaign_referentiels VALUES (?, ?, ?, ?)",
                         (campaign_id, *member))


def _campaign(conn: Connection, sources: list[Connection], name: str,
              ready: tuple[Referentiel, _Campaign], found: list[dict[str, _Campaign]],
              rule: VersionRule, children: dict[str, tuple[str, ...]],
              progress: Progress | None) -> CampaignMerge:
    ref, first = ready
    result = CampaignMerge(name)
    with transaction(conn):
        row = conn.execute("SELECT id FROM campaigns WHERE name = ?", (name,)).fetchone()
        if row is None:
            row = (conn.execute(
                "INSERT INTO campaigns (name, year, referentiel, referentiel_hash, "
                "created_at) VALUES (?, ?, ?, ?, ?)", (name, first.year, first.referentiel,
                                                       first.hash, first.created_at)
            ).lastrowid,)
        _members(conn, int(row[0]), [s for i, s in enumerate(sources) if name in found[i]],
                 name)
    campaign_id = int(row[0])
    known = {str(r[0]) for r in conn.execute(
        "SELECT sha256 FROM submissions WHERE campaign_id = ?", (campaign_id,))}
    chosen: dict[str, tuple[tuple[str, ...], Incoming]] = {}
    key: tuple[str, ...]
    for index, source in enumerate(sources):
        if name not in found[index]:
            continue
        for incoming in _submissions(source, index, name):
            result.found += 1
            sha = incoming.text("sha256")
            if sha in known:
                result.known += 1
                continue
            key = incoming.order
            if sha in chosen:
                result.duplicates += 1
                before = chosen[sha]
                if key == before[0]:  # one file, same date and name: by what it says
                    key = (*key, _digest(source, incoming))
                    before = ((*before[0], _digest(sources[before[1].source], before[1])),
                              before[1])
                if key >= before[0]:
                    continue
            chosen[sha] = (key, incoming)
    todo = [c[1] for c in sorted(chosen.values(), key=lambda c: c[0])]
    this_run: set[int] = set()
    for incoming in progress(iter(todo), len(todo)) if progress else todo:
        with transaction(conn):
            if conn.execute("SELECT 1 FROM submissions WHERE campaign_id = ? AND sha256 = ?",
                            (campaign_id, incoming.text("sha256"))).fetchone():
                result.known += 1  # written meanwhile (a server), or by the run cut short
                continue
            outcome = copy_submission(conn, sources[incoming.source], incoming, campaign_id,
                                      rule, this_run, ref, children)
        this_run.add(outcome.submission)
        result.merged += 1
        result.valid += outcome.status == "valide"
        result.rejected += outcome.status == "rejetee"
        result.superseded += outcome.replaced
        result.versions += outcome.notes
    result.quotes = merge_selections(conn, [s for i, s in enumerate(sources)
                                            if name in found[i]], name)
    return result


def _submissions(source: Connection, index: int, campaign: str) -> list[Incoming]:
    cursor = source.execute("SELECT s.* FROM submissions s JOIN campaigns c ON c.id = "
                            "s.campaign_id WHERE c.name = ? ORDER BY s.id", (campaign,))
    names = [d[0] for d in cursor.description]
    return [Incoming(index, dict(zip(names, r, strict=True))) for r in cursor.fetchall()]


def _digest(source: Connection, incoming: Incoming) -> str:
    """What a file's submission says (its issues), to choose between two copies of one
    file with the same date and name whatever the order of the bases."""
    digest = hashlib.sha256()
    for row in source.execute("SELECT code, message FROM issues WHERE submission_id = ? "
                              "ORDER BY seq", (incoming.row["id"],)):
        digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()
