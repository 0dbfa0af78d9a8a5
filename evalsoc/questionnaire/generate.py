"""A batch of questionnaires: one workbook per structure, plus individual forms.

``plan_questionnaires`` decides every file (names, ids, who answers) without writing;
``write_job`` writes one of them and never raises for a file-system problem, so that
one failure never stops a batch. ``generate_questionnaires`` does both.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from evalsoc.answers.model import StructureInfo
from evalsoc.catalogue import Code
from evalsoc.excel.links import derived_link
from evalsoc.issues import Issue, make_issue
from evalsoc.questionnaire.writer import build_individual_workbook, build_workbook, write_workbook
from evalsoc.referentiel.model import Referentiel
from evalsoc.structures.registry import safe_path, structure_stem

__all__ = [
    "Batch",
    "Job",
    "check_groups",
    "generate_questionnaires",
    "individual_groups",
    "plan_questionnaires",
    "write_job",
]

BLANK_STEM = "questionnaire-vierge"


@dataclass(frozen=True)
class Job:
    """One workbook to write: a structure's (group None) or one respondent's."""

    path: Path
    questionnaire_id: str
    structure: StructureInfo | None
    group: str | None = None
    number: int = 0
    parent_id: str = ""
    campaign: str = ""


@dataclass
class Batch:
    """What a run wrote, kept and could not write (``evalsoc questionnaire --json``)."""

    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    structures: int = 0
    individuals: int = 0
    referentiel: str = ""  # id@version
    hash: str = ""  # its fingerprint, written into every workbook
    output: Path | None = None


def individual_groups(referentiel: Referentiel) -> list[str]:
    """Groups that may answer on their own forms: every group with questions but the
    structure itself."""
    asked = {q.group for q in referentiel.questions().values()}
    return [g.id for g in referentiel.groups if g.id in asked and g.id != "structure"]


def check_groups(referentiel: Referentiel, groups: Sequence[str]) -> list[Issue]:
    allowed = individual_groups(referentiel)
    return [make_issue(Code.QST_UNKNOWN_GROUP, group=g, ref=referentiel.ref,
                       known=", ".join(allowed) or "aucun")
            for g in groups if g not in allowed]


def _unique(stem: str, taken: set[str]) -> str:
    """Names differing only by case collide on Windows and macOS: number them."""
    name, count = stem, 1
    while name.casefold() in taken:
        count += 1
        name = f"{stem}-{count}"
    taken.add(name.casefold())
    return name


def plan_questionnaires(referentiel: Referentiel, folder: Path,
                        structures: Sequence[StructureInfo | None], groups: Sequence[str],
                        respondents: int | None = None, campaign: str = "") -> list[Job]:
    """Every file of the batch, in order: each structure's workbook, then its forms.
    A structure's questionnaire id, which its forms name, is derived from the structure,
    the référentiel and ``campaign`` (:mod:`evalsoc.excel.links`); a blank
    questionnaire's, which nothing can derive, is random."""
    jobs: list[Job] = []
    taken: set[str] = set()
    blank = f"{BLANK_STEM}_{referentiel.id}-{referentiel.version}"
    for structure in structures:
        stem = _unique(structure_stem(structure, blank), taken)
        qid = derived_link(structure.id, referentiel.ref, campaign) if structure \
            else str(uuid.uuid4())
        parent = Job(safe_path(folder, stem), qid, structure, campaign=campaign)
        jobs.append(parent)
        for group_id in groups:
            group = referentiel.group(group_id)
            count = respondents or (group.typical_respondents if group else 1)
            jobs.extend(
                Job(safe_path(folder, _unique(f"{stem}_{group_id}_{n:02d}", taken)),
                    str(uuid.uuid4()), structure, group_id, n, parent.questionnaire_id,
                    campaign)
                for n in range(1, count + 1))
    return jobs


def write_job(job: Job, referentiel: Referentiel, ref_hash: str, batch: Batch,
              replace: bool = False) -> None:
    """Write one workbook; an existing file is kept unless ``replace``."""
    if job.path.exists() and not replace:
        batch.kept.append(job.path)
        batch.issues.append(make_issue(Code.QST_EXISTS, file=str(job.path)))
        return
    if job.group is None:
        wb = build_workbook(referentiel, job.structure, job.questionnaire_id, ref_hash,
                            job.campaign)
    else:
        wb = build_individual_workbook(referentiel, job.group, job.structure, job.parent_id,
                                       job.number, job.questionnaire_id, ref_hash,
                                       job.campaign)
    try:
        write_workbook(wb, job.path)
    except OSError as err:
        batch.issues.append(make_issue(Code.QST_WRITE, file=str(job.path),
                                       detail=err.strerror or str(err)))
        return
    batch.written.append(job.path)
    if job.group is None:
        batch.structures += 1
    else:
        batch.individuals += 1


def generate_questionnaires(referentiel: Referentiel, ref_hash: str, folder: Path,
                            structures: Sequence[StructureInfo | None] = (None,),
                            groups: Sequence[str] = (), respondents: int | None = None,
                            replace: bool = False,
                            progress: Callable[[Job], None] | None = None,
                            campaign: str = "") -> Batch:
    """Plan and write the whole batch into ``folder`` (which must exist)."""
    batch = Batch()
    for job in plan_questionnaires(referentiel, folder, structures, groups, respondents,
                                   campaign):
        write_job(job, referentiel, ref_hash, batch, replace)
        if progress is not None:
            progress(job)
    return batch
