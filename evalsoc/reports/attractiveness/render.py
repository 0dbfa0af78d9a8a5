"""The grid's documents written: the sector document and one file of conditions per
structure (``conditions/``), each written whole, all inside the output folder."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from evalsoc.catalogue import Code
from evalsoc.errors import SectorInputError
from evalsoc.issues import Issue, make_issue
from evalsoc.publish.inputs import load_sector_inputs
from evalsoc.publish.observation import own_answers
from evalsoc.publish.publication import Publication
from evalsoc.reports.attractiveness.build import attractiveness_report, conditions_report
from evalsoc.reports.sector.render import write_sector_report
from evalsoc.stats import SecrecyRules
from evalsoc.store.frames import Store
from evalsoc.store.target import Target
from evalsoc.territory.conditions import campaign_conditions
from evalsoc.territory.density import read_density

__all__ = ["AttractivenessWritten", "write_attractiveness"]

CONDITIONS_DIR = "conditions"


@dataclass(frozen=True)
class AttractivenessWritten:
    """What ``evalsoc report attractivite --json`` prints."""

    campaign: str
    density: str | None
    counted: int  # structures in the sector figures (their consent allows it)
    files: dict[str, Path]  # the sector document, by format
    folder: Path  # the structures' conditions
    structures: dict[str, dict[str, Path]] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)


def write_attractiveness(db: Target, campaign: str, density: Path | None, out_dir: Path,
                         formats: Iterable[str], rules: SecrecyRules, edited: str = ""
                         ) -> AttractivenessWritten:
    """Read the campaign (and the density table), write every document."""
    issues: list[Issue] = []
    table = None
    if density is not None:
        read = read_density(density)
        issues += read.issues
        table = read.levels or None
    with Store(db) as store:
        inputs = load_sector_inputs(store, campaign, observation=True)
        names = dict(zip(store.structures()["structure_id"].astype(str),
                         store.structures()["nom"].astype(str), strict=True))
    spec = inputs.referentiel.observation
    if spec is None or spec.reading != "attractivite_rurale":
        raise SectorInputError.of(Code.RUR_NOT_GRID, campaign=campaign,
                                  ref=inputs.current.referentiel)
    publication = Publication(inputs, rules, territory=table)
    shown = density.name if density is not None else ""
    report = attractiveness_report(publication, density=shown, edited=edited)
    wanted = list(formats)
    files = write_sector_report(report, out_dir, wanted)
    folder = out_dir / CONDITIONS_DIR
    answers = inputs.current.observed
    found = campaign_conditions(answers, names, inputs.referentiel, table, shown)
    written: dict[str, dict[str, Path]] = {}
    for conditions in found:
        name = names.get(conditions.structure_id, conditions.structure_id)
        issues += conditions.issues
        document = conditions_report(conditions, name, publication, edited=edited)
        written[conditions.structure_id] = write_sector_report(
            document, folder, [f for f in wanted if f != "xlsx"] or ["html"])
    if not found and not own_answers(answers).empty:
        issues.append(make_issue(Code.RUR_NO_CLASS, structure="aucune structure"))
    return AttractivenessWritten(campaign, str(density) if density else None,
                                 len(publication.population.included), files, folder,
                                 written, issues)
