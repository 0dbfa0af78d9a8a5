"""A whole fictitious campaign on disk: workbooks, structures.csv and the ground truth.

``simulate_campaign`` writes, in the output folder:

- one workbook per structure, filled from a drawn answer set, and one form per
  respondent of the groups asked to answer individually, named as ``evalsoc
  questionnaire`` names them (``la-grange-de-brumeval_S0001.xlsx``,
  ``la-grange-de-brumeval_S0001_benevoles_03.xlsx``);
- ``structures.csv``, the registry, which ``evalsoc questionnaire --structures`` reads;
- ``answers/<id>.json``, the answer set each workbook was filled from (the truth a
  round trip is checked against), and ``simulation.json``, the parameters and files.

Every file is written through a temporary file and a rename. Structures are independent:
with ``workers`` > 1 they are simulated in parallel processes, with the same result.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from evalsoc.excel.layout import MODES
from evalsoc.questionnaire.generate import check_groups
from evalsoc.questionnaire.grids import grid_rows
from evalsoc.referentiel.model import Referentiel
from evalsoc.referentiel.registry import resolve
from evalsoc.simulate.answers import Campaign, draw_answers
from evalsoc.simulate.folder import (
    ANSWERS_DIR,
    REGISTRY,
    FolderError,
    prepare_folder,
    write_manifest,
)
from evalsoc.simulate.hints import Hints, load_hints
from evalsoc.simulate.latent import BASE_YEAR, stream
from evalsoc.simulate.messy import messy_answers
from evalsoc.simulate.registry import SimStructure, make_registry, registry_csv
from evalsoc.simulate.workbooks import Writer, individualise
from evalsoc.structures.registry import safe_path, structure_stem
from evalsoc.support.files import atomic_write as write_atomic
from evalsoc.support.processes import main_not_rerun, worker_pool

__all__ = ["BASE_YEAR", "FolderError", "SimulationSummary", "StructureDone", "hints_for",
           "simulate_campaign", "workbook_stem"]

Progress = Callable[[Iterator["StructureDone"], int], Iterable["StructureDone"]]


@dataclass(frozen=True)
class StructureDone:
    """What one structure produced: its files (workbook first), respondents, mode."""

    structure_id: str
    files: tuple[str, ...]
    respondents: dict[str, int]
    below_minimum: tuple[str, ...]
    external: bool


@dataclass(frozen=True)
class SimulationSummary:
    out_dir: Path
    referentiel: str
    seed: int
    year: int
    messy: bool
    individuels: tuple[str, ...]
    structures: int
    individual_workbooks: int
    respondents: dict[str, int]
    below_minimum: dict[str, int]
    external: int
    seconds: float
    done: tuple[StructureDone, ...] = field(default=(), repr=False)

    @property
    def workbooks(self) -> int:
        return self.structures + self.individual_workbooks

    @property
    def seconds_per_workbook(self) -> float:
        return self.seconds / max(1, self.workbooks)

    def as_json(self) -> dict[str, object]:
        """The summary as JSON data (what ``evalsoc simulate --json`` prints); the files
        written are listed in the folder's ``simulation.json``."""
        return {
            "output": str(self.out_dir), "referentiel": self.referentiel, "seed": self.seed,
            "year": self.year, "messy": self.messy,
            "individual_groups": list(self.individuels),
            "structures": self.structures, "workbooks": self.workbooks,
            "individual_workbooks": self.individual_workbooks,
            "respondents": self.respondents, "below_minimum": self.below_minimum,
            "external": self.external, "seconds": round(self.seconds, 3),
        }


@dataclass(frozen=True)
class _Job:
    campaign: Campaign
    out_dir: str
    messy: bool
    individuels: tuple[str, ...]
    fast: bool


def workbook_stem(sim: SimStructure) -> str:
    """'la-grange-de-brumeval_S0001', as ``evalsoc questionnaire`` names it."""
    return structure_stem(sim.info, sim.info.id)


def hints_for(referentiel: Referentiel, root: Path | None = None) -> Hints:
    """The simulation hints kept beside the référentiel's versions (defaults if none)."""
    entry, _ = resolve(referentiel.ref, root)
    return load_hints(entry.path.parent, referentiel.version)


_WRITERS: dict[tuple[str, bool], Writer] = {}  # per process: one template per kind


def _one(job: _Job, sim: SimStructure) -> StructureDone:
    campaign = job.campaign
    ref = campaign.referentiel
    writer = _WRITERS.setdefault((campaign.ref_hash, job.fast),
                                 Writer(ref, campaign.ref_hash, job.fast))
    individual = set(job.individuels)
    answers = individualise(draw_answers(campaign, sim), individual)
    messy = stream("messy", campaign.seed, sim.info.id, campaign.year) if job.messy else None
    if messy is not None:
        capacity = {g.id: grid_rows(g) for g in ref.groups
                    if g.multiple and g.id not in individual}
        answers = messy_answers(answers, messy, capacity)
    out = Path(job.out_dir)
    stem = workbook_stem(sim)
    path = safe_path(out, stem)
    writer.structure(answers, path, individual, messy)
    forms = writer.individuals(answers, out, stem, individual, messy) if individual else []
    truth = f"{ANSWERS_DIR}/{sim.info.id}.json"
    write_atomic(out / truth, answers.model_dump_json(exclude_none=True).encode())
    counts = Counter(r.group for r in answers.respondents if r.group != "structure")
    below = tuple(g.id for g in ref.groups
                  if g.multiple and g.id != "structure" and counts[g.id] < g.min_respondents)
    return StructureDone(sim.info.id, (path.name, *(f.name for f in forms), truth),
                         dict(counts), below, answers.structure.mode == MODES[1])


def _chunk(args: tuple[_Job, list[SimStructure]]) -> list[StructureDone]:
    job, sims = args
    return [_one(job, sim) for sim in sims]


def _run(job: _Job, sims: Sequence[SimStructure], workers: int) -> Iterator[StructureDone]:
    if workers <= 1 or len(sims) < 8:
        yield from (_one(job, sim) for sim in sims)
        return
    size = max(1, min(16, len(sims) // (workers * 4)))
    chunks = [(job, list(sims[i:i + size])) for i in range(0, len(sims), size)]
    with worker_pool(workers) as pool, main_not_rerun():
        for done in pool.map(_chunk, chunks):
            yield from done


def simulate_campaign(referentiel: Referentiel, ref_hash: str, n: int, seed: int,
                      out_dir: Path, messy: bool = False, individuels: Sequence[str] = (),
                      year: int = BASE_YEAR, hints: Hints | None = None, workers: int = 1,
                      progress: Progress | None = None, fast: bool = True
                      ) -> SimulationSummary:
    """Simulate ``n`` structures answering ``referentiel`` in ``year``, into ``out_dir``.

    Raises FolderError when ``out_dir`` holds other files than a previous simulation,
    ValueError for a group that cannot answer individually."""
    started = time.perf_counter()
    if problems := check_groups(referentiel, individuels):
        raise ValueError(" ".join(p.message for p in problems))
    prepare_folder(out_dir)
    sims = make_registry(n, seed)
    write_atomic(out_dir / REGISTRY, registry_csv(sims))
    campaign = Campaign(referentiel, ref_hash,
                        hints if hints is not None else hints_for(referentiel), seed, year)
    job = _Job(campaign, str(out_dir), messy, tuple(dict.fromkeys(individuels)), fast)
    runs = _run(job, sims, workers)
    done = tuple(progress(runs, len(sims)) if progress else runs)
    summary = _summary(job, out_dir, done, time.perf_counter() - started)
    write_manifest(out_dir, {
        "referentiel": summary.referentiel, "seed": seed, "annee": year,
        "structures": summary.structures, "messy": messy,
        "individuels": list(job.individuels)},
        [REGISTRY, *(f for d in done for f in d.files)])
    return summary


def _summary(job: _Job, out_dir: Path, done: tuple[StructureDone, ...],
             seconds: float) -> SimulationSummary:
    respondents: Counter[str] = Counter()
    below: Counter[str] = Counter()
    for item in done:
        respondents.update(item.respondents)
        below.update(item.below_minimum)
    forms = sum(len(d.files) - 2 for d in done)
    campaign = job.campaign
    return SimulationSummary(
        out_dir, campaign.referentiel.ref, campaign.seed, campaign.year, job.messy,
        job.individuels,
        len(done), forms, dict(respondents), dict(below),
        sum(1 for d in done if d.external), seconds, done)
