"""The needs of a campaign's structures, read from the store (and from the declared
needs' CSV), and their sector counts ready for the campaign's publication."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from evalsoc.catalogue import Code
from evalsoc.issues import Issue, make_issue
from evalsoc.needs.declared import Declared, read_declared
from evalsoc.needs.signals import signals_of
from evalsoc.needs.table import StructureNeeds, needs_table
from evalsoc.needs.themes import PARAMETERS, THEMES
from evalsoc.publish.inputs import ExtraFigures
from evalsoc.referentiel.registry import resolve
from evalsoc.referentiel.tree import node_infos
from evalsoc.stats.respondents import structure_divergence
from evalsoc.store.frames import Store
from evalsoc.store.target import Target

__all__ = ["NEEDS", "CampaignNeeds", "campaign_needs", "needs_figures"]

NEEDS = "besoins"  # the support schemes used: evalsoc.publish.stake_facts
_LEGAL = tuple(q for t in THEMES for _, q, _ in (*t.legal, *t.practice))


@dataclass
class CampaignNeeds:
    campaign: str
    parameters: str
    structures: list[StructureNeeds] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    def of(self, structure: str) -> StructureNeeds | None:
        return next((s for s in self.structures if s.structure == structure), None)


def _labels(store: Store, campaign: str) -> tuple[dict[str, str], float]:
    labels: dict[str, str] = {}
    threshold = 50.0
    for ref in store.members(campaign)["referentiel"]:
        referentiel = resolve(str(ref))[1]
        if referentiel.diagnostic is not None:
            labels.update({i.id: i.label for i in referentiel.diagnostic.indicators})
        else:
            labels.update({n.id: n.label for n in node_infos(referentiel).values()})
            threshold = referentiel.pistes_threshold
    return labels, threshold


def campaign_needs(db: Target, campaign: str, declared: Path | None = None) -> CampaignNeeds:
    """Every structure of ``campaign`` with its needs table (a structure named only in
    ``declared`` keeps its declared needs, with a warning)."""
    out = CampaignNeeds(campaign, PARAMETERS.version)
    said: dict[str, dict[str, Declared]] = {}
    if declared is not None:
        read = read_declared(declared)
        out.issues.extend(read.issues)
        for (structure, theme), row in read.rows.items():
            said.setdefault(structure, {})[theme] = row
    with Store(db) as store:
        scores = store.scores(campaign)
        answers = store.answers(campaign)
        answers = answers[(answers["groupe"] == "structure") & answers["question"].isin(_LEGAL)]
        spread = structure_divergence(scores) if not scores.empty else pd.DataFrame()
        signals = signals_of(scores, store.diagnostics(campaign), answers, spread,
                             *_labels(store, campaign))
        registry = store.structures(campaign).set_index("structure_id")
        evaluated = {str(s) for s in store.submissions(campaign).query(
            "statut == 'valide' and type == 'structure'")["structure_id"].dropna()}
    for structure in sorted(evaluated | set(said)):
        if structure not in evaluated:
            out.issues.append(make_issue(Code.BES_UNKNOWN_STRUCTURE, raw=structure,
                                         campaign=campaign, file=str(declared)))
        info = registry.loc[structure] if structure in registry.index else None
        out.structures.append(needs_table(
            structure, "" if info is None else str(info["nom"]),
            "" if info is None else str(info["departement"] or ""),
            signals.get(structure, {}), said.get(structure, {})))
    return out


def needs_figures(needs: CampaignNeeds) -> ExtraFigures:
    """Per structure and theme, 1 when the theme is flagged, 0 otherwise: their sums by
    département are the sector count of needs."""
    rows = [{"campagne": needs.campaign, "structure_id": s.structure,
             "question": f"besoin:{r.theme}", "value": 1.0 if r.flagged else 0.0}
            for s in needs.structures for r in s.rows]
    return ExtraFigures(NEEDS, pd.DataFrame(rows, columns=["campagne", "structure_id",
                                                           "question", "value"]),
                        flags=("besoin:",))
