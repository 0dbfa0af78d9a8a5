"""Fiches for many structures of a campaign, in parallel processes; one failure never
stops the others.

The campaign's shared figures are read once in the calling process; each worker opens
its own connection to the store, resolves the référentiel once, then reads, scores and
renders one structure at a time.

Workers come from :mod:`evalsoc.support.isolation` (forked from a clean server): Typst compiles
on native threads, and a process forked from a parent that had already compiled a PDF
would wait forever on its first compile. A worker that dies (a native crash) costs only
the fiche it was making.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evalsoc.answers.model import StructureInfo
from evalsoc.catalogue import Code
from evalsoc.errors import EvalsocError
from evalsoc.issues import Issue, make_issue
from evalsoc.referentiel.model import Referentiel
from evalsoc.reports.attractiveness.joined import joined_conditions
from evalsoc.reports.base import FORMATS, parse_formats
from evalsoc.reports.fiche.source import (
    CampaignContext,
    FicheSourceError,
    fiche_from_store,
    referentiel_of,
)
from evalsoc.reports.finance.source import diagnostic_members, has_scores
from evalsoc.reports.finance.view import finance_from_store
from evalsoc.store.backends import Connection
from evalsoc.store.db import open_store
from evalsoc.store.target import Target
from evalsoc.support.isolation import Isolated
from evalsoc.support.processes import main_not_rerun, worker_pool

__all__ = ["FicheBatch", "FicheDone", "build_fiches"]

Progress = Callable[[Iterator["FicheDone"], int], Iterable["FicheDone"]]
KNOWN_SHOWN = 10
PARALLEL_FROM = 32  # fiches; below, one process is faster
_LOST = "le processus qui la produisait s'est arrêté brutalement"
_RENDERER = "evalsoc.reports.finance.render"  # preloaded by the server workers fork from
# chunks a worker renders before a fresh one takes over: Typst's caches grow with each PDF
# (about 2 MB a fiche, up to 100 MB); a fresh worker, forked warm, costs a fiche or two
_RECYCLE = 1


@dataclass(frozen=True)
class FicheDone:
    """One structure's fiche: the files written, or why there are none."""

    structure_id: str
    name: str
    paths: tuple[Path, ...] = ()
    problem: str = ""


@dataclass
class FicheBatch:
    campaign: str
    out_dir: Path
    done: list[FicheDone] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # structures asked for but absent
    # the rural grid's campaign whose conditions were joined, and what it said
    conditions: str | None = None
    joined: int = 0  # fiches with their « conditions d'attractivité »
    issues: list[Issue] = field(default_factory=list)

    @property
    def written(self) -> list[FicheDone]:
        return [d for d in self.done if d.paths]

    @property
    def failed(self) -> list[FicheDone]:
        return [d for d in self.done if d.problem]

    @property
    def ok(self) -> bool:
        return not self.problems and not self.failed


@dataclass(frozen=True)
class _Job:
    context: CampaignContext
    out_dir: Path
    formats: tuple[str, ...]
    quotes: bool
    # resolved and checked once, here: a worker unpickles it in a millisecond rather than
    # reading and checking the YAML again (a twentieth of a second per worker)
    referentiel: Referentiel | None = None
    diagnostics: tuple[Referentiel, ...] = ()  # each gives a fiche financière
    # structure id -> its « conditions d'attractivité » to join (rural grid)
    conditions: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


class _Worker:
    """Per process: one connection, one référentiel, for every structure it renders."""

    def __init__(self, job: _Job) -> None:
        self.job = job
        self.conn: Connection | None = None
        self.ref: Referentiel | None = None

    def __call__(self, structure_id: str) -> FicheDone:
        job = self.job
        info = job.context.structures.get(structure_id)
        name = info.name if info and info.name else structure_id
        try:
            if self.conn is None or self.ref is None:
                self.conn = open_store(job.context.db)
                self.ref = job.referentiel or referentiel_of(
                    job.context.figures.name, job.context.referentiel,
                    job.context.referentiel_hash)
            info = info or StructureInfo(id=structure_id)
            campaign = job.context.figures.name
            submission = job.context.submissions[structure_id]
            finances = [v for d in job.diagnostics if (v := finance_from_store(
                self.conn, submission, d, info, campaign)) is not None]
            fiche = None if finances and not has_scores(self.conn, submission) else \
                fiche_from_store(job.context, self.conn, self.ref, structure_id, job.quotes)
            paths = _render()(fiche, finances, info, campaign, job.out_dir, job.formats,
                              job.conditions.get(structure_id))
        except Exception as err:  # one structure's failure is reported, the batch goes on
            issue = make_issue(Code.FIC_FAILED, id=structure_id,
                               detail=f"{type(err).__name__} : {err}")
            return FicheDone(structure_id, name, problem=issue.message)
        return FicheDone(structure_id, name, tuple(paths))


def _render() -> Callable[..., list[Path]]:
    """The renderer (matplotlib, Typst: imported where fiches are made, not in a calling
    process that only hands them out)."""
    from evalsoc.reports.finance.render import write_structure  # noqa: PLC0415

    return write_structure


_WORKER: _Worker | None = None


def _start(job: _Job) -> None:
    global _WORKER  # noqa: PLW0603 - one worker state per process, set by the pool
    _WORKER = _Worker(job)


def _run(structure_ids: list[str], _context: object) -> list[FicheDone]:
    assert _WORKER is not None
    return [_WORKER(i) for i in structure_ids]


def _results(job: _Job, ids: Sequence[str], workers: int) -> Iterator[FicheDone]:
    if workers <= 1 or len(ids) < 2:
        worker = _Worker(job)
        yield from (worker(i) for i in ids)
        return

    def lost(structure_id: str, said: str) -> FicheDone:
        info = job.context.structures.get(structure_id)
        detail = f"{_LOST} : {said}" if said else _LOST
        issue = make_issue(Code.FIC_FAILED, id=structure_id, detail=detail)
        return FicheDone(structure_id, info.name if info and info.name else structure_id,
                         problem=issue.message)

    size = max(1, min(8, len(ids) // (workers * 4)))
    runner: Isolated[str, FicheDone] = Isolated(workers, _run, lost, initializer=_start,
                                               initargs=(job,),
                                               preload=(__name__, _RENDERER),
                                               recycle=_RECYCLE)
    for done in runner.run(list(ids[i:i + size]) for i in range(0, len(ids), size)):
        yield from done


def _selected(context: CampaignContext, wanted: Sequence[str] | None,
              batch: FicheBatch) -> list[str]:
    if not wanted:
        return list(context.submissions)
    known = list(context.submissions)
    shown = ", ".join(known[:KNOWN_SHOWN]) + (
        f" et {len(known) - KNOWN_SHOWN} autre(s)" if len(known) > KNOWN_SHOWN else "")
    out = []
    for ident in dict.fromkeys(wanted):
        if ident in context.submissions:
            out.append(ident)
        else:
            batch.problems.append(make_issue(Code.FIC_UNKNOWN_STRUCTURE, id=ident,
                                             campaign=batch.campaign, known=shown).message)
    return out


def build_fiches(db: Target, campaign: str, out_dir: Path,
                 structure_ids: Sequence[str] | None = None,
                 formats: Iterable[str] = FORMATS, workers: int | None = None,
                 progress: Progress | None = None, quotes: bool = True,
                 grid: str | None = None, density: Path | None = None) -> FicheBatch:
    """Write the fiche of every structure of ``campaign`` (or of ``structure_ids``) into
    ``out_dir``, with its « conditions d'attractivité » joined when the campaign (or
    ``grid``, a campaign of the rural grid) has them. Raises FicheSourceError when the
    campaign cannot give any fiche or the folder cannot be written to."""
    wanted_formats = parse_formats(formats)
    if workers is None:  # a worker's start (imports) costs ~15 fiches: not worth it below
        count = len(set(structure_ids)) if structure_ids else _current(db, campaign)
        workers = 1 if count < PARALLEL_FROM else min(4, os.cpu_count() or 1)
    context = _context(db, campaign, elsewhere=workers > 1)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise FicheSourceError(make_issue(Code.FIC_OUTPUT_DIR, folder=str(out_dir),
                                          detail=err.strerror or str(err))) from err
    batch = FicheBatch(campaign, out_dir)
    ids = _selected(context, structure_ids, batch)
    ref = referentiel_of(context.figures.name, context.referentiel, context.referentiel_hash)
    joined = joined_conditions(db, campaign, grid, density, ids)
    job = _Job(context, out_dir, wanted_formats, quotes, ref, _diagnostics(db, campaign),
               joined.views if joined is not None else {})
    if joined is not None:
        batch.conditions, batch.joined = joined.campaign, len(joined.views)
        batch.issues = list(joined.issues)
    results = _results(job, ids, workers)
    batch.done.extend(progress(results, len(ids)) if progress else results)
    return batch


def _diagnostics(db: Target, campaign: str) -> tuple[Referentiel, ...]:
    """The diagnostic référentiels the campaign asks, each refused if changed since."""
    conn = open_store(db)
    try:
        members = diagnostic_members(conn, campaign)
    finally:
        conn.close()
    return tuple(referentiel_of(campaign, ref, fingerprint) for ref, fingerprint in members)


def _current(db: Target, campaign: str) -> int:
    """How many structures of the campaign have a fiche to make (0 when unknown: the
    context says why)."""
    try:
        conn = open_store(db)
    except EvalsocError:
        return 0
    try:
        row = conn.execute(
            "SELECT COUNT(*) FROM submissions s JOIN campaigns c ON c.id = s.campaign_id "
            "WHERE c.name = ? AND s.kind = 'structure' AND s.status = 'valide'",
            (campaign,)).fetchone()
    finally:
        conn.close()
    return int(row[0])


def _context(db: Target, campaign: str, elsewhere: bool) -> CampaignContext:
    """The campaign's context; ``elsewhere``, read in a process of its own, which ends
    once it is read: the statistics it needs (pandas, the campaign's tables) do not stay
    in this process while the workers make the fiches."""
    if not elsewhere:
        return _campaign_context(db, campaign)
    with main_not_rerun(), worker_pool(1, preload=(__name__, _RENDERER)) as pool:
        return pool.submit(_campaign_context, db, campaign).result()


def _campaign_context(db: Target, campaign: str) -> CampaignContext:
    from evalsoc.reports.fiche.store import campaign_context  # noqa: PLC0415 - pandas

    return campaign_context(db, campaign)
