"""The values a convention's référentiel indicators took in the stored campaigns: for
each year of the period, the structure's current workbook in the campaign of that year,
its answers read through the indicator's raw-value rule under the version the campaign
was scored with, and whether that version measures it as the agreed one did.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import replace

from evalsoc.catalogue import Code
from evalsoc.conventions.followup import Observation
from evalsoc.conventions.lineage import continuation
from evalsoc.conventions.model import Convention, Indicator
from evalsoc.conventions.rules import Resolver
from evalsoc.conventions.values import raw_value, value_rule
from evalsoc.issues import make_issue
from evalsoc.referentiel.model import Indicateur, Referentiel
from evalsoc.referentiel.registry import parse_ref
from evalsoc.store.frames import Store
from evalsoc.store.target import Target
from evalsoc.versions.elements import nodes_of

__all__ = ["CampaignAnswers", "campaign_answers", "observe", "open_answers"]

Answers = dict[str, list[object]]  # question -> values given (one per respondent)


class CampaignAnswers:
    """One structure's answers in each stored campaign, with the campaign's year and
    référentiel versions (read once for all the conventions of a file)."""

    def __init__(self) -> None:
        self.years: dict[str, int] = {}
        self.members: dict[str, list[str]] = {}  # campaign -> référentiel refs
        self.answers: dict[tuple[str, str], Answers] = {}  # (campaign, structure) -> answers

    def campaigns_of(self, year: int) -> list[str]:
        return [c for c, y in self.years.items() if y == year]

    def has(self, structure: str) -> bool:
        return any(s == structure for _, s in self.answers)


def campaign_answers(store: Store, structures: Iterable[str],
                     only: Collection[str] = ()) -> CampaignAnswers:
    """The answers of ``structures`` in every campaign (in ``only`` if given), campaigns
    of a year in the order they were created."""
    wanted = set(structures)
    out = CampaignAnswers()
    frame = store.campaigns().sort_values(["annee", "creee_le", "campagne"], kind="stable")
    for campaign, year in zip(frame["campagne"], frame["annee"], strict=True):
        if only and campaign not in only:
            continue
        out.years[str(campaign)] = int(year)
        out.members[str(campaign)] = [str(r) for r in store.members(str(campaign))["referentiel"]]
        answers = store.answers(str(campaign))
        answers = answers[answers["structure_id"].isin(wanted)
                          & (answers["statut"] == "answered")]
        for (structure, question), values in answers.groupby(
                ["structure_id", "question"])["valeur"]:
            out.answers.setdefault((str(campaign), str(structure)), {})[str(question)] = \
                list(values)
    return out


def _observe(ind: Indicator, agreed: Referentiel, campaign: str, version: Referentiel,
             answers: Answers) -> Observation:
    went = continuation(agreed, version, ind.key)
    notes: list[str] = []
    if went.change:
        code = Code.CNV_NOTE_REDEFINED if went.redefined else Code.CNV_NOTE_SAME
        notes.append(make_issue(code, version=version.ref, change=went.change,
                                agreed=agreed.ref).message)
    node = nodes_of(version).get(went.node or "")
    if node is None or not isinstance(node.node, Indicateur):
        return Observation(None, campaign, version.ref, "",
                           (make_issue(Code.CNV_NOTE_GONE, version=version.ref,
                                       change=went.change).message,), True)
    rule = value_rule(version, node.node)
    if isinstance(rule, str):
        return Observation(None, campaign, version.ref, "", (*notes, rule), True)
    value, how = raw_value(rule, answers)
    if value is None:
        notes.append(make_issue(Code.CNV_NOTE_NO_ANSWER, campaign=campaign, why=how).message)
        how = ""
    elif went.node != ind.key:
        how = f"{went.node} : {how}"
    return Observation(value, campaign, version.ref, how, tuple(notes), went.redefined)


def observe(convention: Convention, found: CampaignAnswers, resolver: Resolver
            ) -> dict[tuple[str, int], Observation]:
    """(indicator, year) -> what the store says, for each référentiel indicator."""
    out: dict[tuple[str, int], Observation] = {}
    for ind in convention.indicators:
        agreed = resolver.get(ind.referentiel) if ind.referentiel else None
        if not isinstance(agreed, Referentiel):
            continue
        for year in convention.years:
            seen = _year(ind, agreed, year, convention.structure, found, resolver)
            if seen is not None:
                out[(ind.key, year)] = seen
    return out


def _year(ind: Indicator, agreed: Referentiel, year: int, structure: str,
          found: CampaignAnswers, resolver: Resolver) -> Observation | None:
    ident = agreed.id
    candidates = [(c, ref) for c in found.campaigns_of(year) for ref in found.members[c]
                  if parse_ref(ref)[0] == ident and (c, structure) in found.answers]
    if not candidates:
        note = make_issue(Code.CNV_NOTE_NO_CAMPAIGN, year=year, structure=structure).message
        return Observation(None, "", "", "", (note,))
    campaign, ref = candidates[0]
    others = [c for c, _ in candidates[1:] if c != campaign]
    version = resolver.get(ref)
    if isinstance(version, str):
        return Observation(None, campaign, ref, "", (version,), True)
    seen = _observe(ind, agreed, campaign, version, found.answers[(campaign, structure)])
    if others:
        note = make_issue(Code.CNV_NOTE_SEVERAL, year=year, campaign=campaign,
                          others=", ".join(f"« {c} »" for c in others)).message
        seen = replace(seen, notes=(note, *seen.notes))
    return seen


def open_answers(db: Target, structures: Iterable[str], only: Collection[str] = ()
                 ) -> CampaignAnswers:
    with Store(db) as store:
        return campaign_answers(store, structures, only)
