"""What everything evalsoc publishes about a campaign is computed from: the DataFrames
of one campaign (and optionally the previous one), read from the store once, then only
passed around.

Building the publication (:mod:`evalsoc.publish.publication`) and the reports from
:class:`SectorInputs` is pure; this module is the one that touches the store.
Exceptions::

    LookupError
     └── SectorInputError      unknown campaign, or campaigns that cannot be compared
          └── EmptyCampaignError  no structure evaluated: nothing to report on
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from evalsoc.catalogue import Code
from evalsoc.errors import EmptyCampaignError, ReferentielNotFoundError, SectorInputError
from evalsoc.referentiel.model import Kind, QuestionType, Referentiel
from evalsoc.referentiel.registry import resolve
from evalsoc.store.frames import Store
from evalsoc.store.quotes import Selection, campaign_free_texts, load_selection
from evalsoc.store.scoresets import campaign_series
from evalsoc.versions.compare import Comparability, Side, comparability

__all__ = ["CampaignFrames", "EmptyCampaignError", "ExtraFigures", "SectorInputError",
           "SectorInputs", "load_sector_inputs", "stored_selection",
           "text_questions_of"]


@dataclass(frozen=True)
class CampaignFrames:
    """One campaign as the statistics layer reads it (see :mod:`evalsoc.stats`)."""

    name: str
    year: int
    referentiel: str  # id@version
    referentiel_hash: str
    scores: pd.DataFrame
    respondents: pd.DataFrame
    figures: pd.DataFrame
    submissions: pd.DataFrame
    issues: pd.DataFrame
    # structure_id -> the consent that applies to this campaign (evalsoc.structures.consent)
    consents: pd.Series = field(default_factory=lambda: pd.Series(dtype=object))
    # the nodes scored through a crosswalk: (structure_id, node, flag, origin)
    series: tuple[tuple[str, str, str, str], ...] = ()
    # the diagnostics' indicators (Store.diagnostics) and the référentiels the campaign
    # asks (Store.members): empty for a campaign of one utilité-sociale référentiel
    diagnostics: pd.DataFrame = field(default_factory=pd.DataFrame)
    members: pd.DataFrame = field(default_factory=pd.DataFrame)
    # an observation (kind: observation): the structure group's answers, with their
    # status (evalsoc.stats.observation), and the structures the campaign invited
    observed: pd.DataFrame = field(default_factory=pd.DataFrame)
    invited: tuple[str, ...] = ()

    def side(self) -> Side:
        """The campaign as the comparability policy sees it."""
        return Side(self.name, self.referentiel, self.series)


@dataclass(frozen=True)
class ExtraFigures:
    """Figures per structure from outside the store (a Région's conventions, the needs
    of the DLA), published as one more table of sums by ``by`` and audited with the
    rest: columns campagne, structure_id, question, value."""

    id: str
    figures: pd.DataFrame
    by: tuple[str, ...] = ("departement",)
    # questions (by prefix) whose values are yes/no flags, 0 or 1: the auditor bounds
    # them so (a count of 5 structures out of 5 pins each one's flag)
    flags: tuple[str, ...] = ()
    # (question, what it counts, where it comes from), in words, for the reports
    described: tuple[tuple[str, str, str], ...] = ()
    # question -> the audit family of values already published elsewhere that are the
    # same, structure by structure (a red band): the auditor then reads both together
    families: Mapping[str, str] = field(default_factory=dict)

    def family(self, row: Mapping[str, object]) -> str:
        """The audit family a published row speaks of."""
        question = str(row["question"])
        return self.families.get(question, f"figure|{row['campagne']}|{question}")


@dataclass(frozen=True)
class SectorInputs:
    current: CampaignFrames
    structures: pd.DataFrame  # the registry
    referentiel: Referentiel
    previous: CampaignFrames | None = None
    previous_referentiel: Referentiel | None = None  # when it follows another version
    extras: tuple[ExtraFigures, ...] = ()
    # the quotes the consultant selected for the current campaign (evalsoc citations)
    selection: Selection = field(default_factory=Selection)

    @property
    def comparability(self) -> Comparability | None:
        """What the evolution from ``previous`` may compare (one policy everywhere)."""
        if self.previous is None:
            return None
        return comparability(self.previous.side(), self.current.side())


def _campaign(store: Store, name: str) -> CampaignFrames:
    found = store.campaign(name)
    if found is None:
        known = ", ".join(f"« {c} »" for c in store.campaign_names()) or "aucune"
        raise SectorInputError.of(Code.DB_UNKNOWN_CAMPAIGN, campaign=name, file=str(store.path),
                                  known=known)
    _, year, ref, ref_hash = found
    observed, invited = pd.DataFrame(), tuple[str, ...]()
    if _observes(ref):
        answers = store.answers(name)
        observed = answers[answers["groupe"].isin(["structure", "publics"])] \
            .reset_index(drop=True)
        invited = store.invited(name)
    return CampaignFrames(name=name, year=year, referentiel=ref, referentiel_hash=ref_hash,
                          scores=store.scores(name), respondents=store.respondents(name),
                          figures=store.figures(name), submissions=store.submissions(name),
                          issues=store.issues(name), consents=store.consents(name),
                          series=campaign_series(store.conn, name),
                          diagnostics=store.diagnostics(name), members=store.members(name),
                          observed=observed, invited=invited)


def _observes(ref: str) -> bool:
    try:
        return resolve(ref)[1].kind is Kind.OBSERVATION
    except ReferentielNotFoundError:
        return False


def load_sector_inputs(store: Store, campaign: str, previous: str | None = None,
                       *, observation: bool | None = None) -> SectorInputs:
    """The frames of ``campaign`` (and ``previous``, of the same référentiel: what they
    compare is the comparability policy's, :mod:`evalsoc.versions.compare`).
    ``observation``: True for the observation report, False for the synthèse (each
    refuses the other's campaigns), None for what publishes any campaign."""
    current = _campaign(store, campaign)
    observes = _observes(current.referentiel)
    if observation is True and not observes:
        raise SectorInputError.of(Code.OPP_NOT_OBSERVATION, campaign=campaign,
                                  ref=current.referentiel)
    if observation is False and observes:
        raise SectorInputError.of(Code.OPP_USE_OBSERVATION, campaign=campaign,
                                  ref=current.referentiel)
    if current.scores.empty and current.diagnostics.empty:
        raise EmptyCampaignError.of(Code.ARCH_EMPTY_CAMPAIGN, campaign=campaign)
    before = None
    if previous is not None:
        if previous == campaign:
            raise SectorInputError.of(Code.ARCH_SAME_CAMPAIGN, campaign=campaign)
        before = _campaign(store, previous)
        if before.referentiel.partition("@")[0] != current.referentiel.partition("@")[0]:
            raise SectorInputError.of(Code.ARCH_OTHER_REFERENTIEL, previous=previous,
                                      previous_ref=before.referentiel, campaign=campaign,
                                      ref=current.referentiel)
    referentiel = _referentiel(current)
    earlier = None
    if before is not None and before.referentiel != current.referentiel:
        earlier = _referentiel(before)  # another version: compared by the policy only
    extras = () if observes else _stake_extras(store, current, referentiel)
    return SectorInputs(current=current, structures=store.structures(),
                        referentiel=referentiel, previous=before,
                        previous_referentiel=earlier, extras=extras,
                        selection=stored_selection(store, campaign, referentiel))


def _stake_extras(store: Store, frames: CampaignFrames, referentiel: Referentiel
                  ) -> tuple[ExtraFigures, ...]:
    """The sector facts of the four stakes (:mod:`evalsoc.publish.stake_facts`), read
    from the answers to their questions only, and the financial alerts of stake 3
    (:mod:`evalsoc.publish.stake_alerts`); none for a campaign of diagnostics."""
    # imported here: stake_facts builds the ExtraFigures this module defines
    from evalsoc.publish.diagnostics import diagnostic_parts  # noqa: PLC0415
    from evalsoc.publish.stake_alerts import with_alerts  # noqa: PLC0415
    from evalsoc.publish.stake_facts import (  # noqa: PLC0415
        fact_figures,
        questions_needed,
        to_campaign_ids,
    )

    if frames.scores.empty:
        return ()
    answers = to_campaign_ids(store.answers_to(frames.name, questions_needed(referentiel)),
                              referentiel)
    facts, support = fact_figures(frames.name, answers, referentiel)
    # stake 3's financial alerts, when the campaign bundles the self-diagnosis
    facts = with_alerts(facts, frames.name, frames.diagnostics, diagnostic_parts(frames))
    return facts, support


def text_questions_of(referentiel: Referentiel) -> list[str]:
    """The ids of the référentiel's free-text questions."""
    return [q.id for q in referentiel.questions().values() if q.type is QuestionType.TEXT]


def stored_selection(store: Store, campaign: str, referentiel: Referentiel) -> Selection:
    """The campaign's selected quotes that still match its stored free texts."""
    stored = campaign_free_texts(store.conn, campaign, text_questions_of(referentiel))
    return load_selection(store.conn, campaign, stored)


def _referentiel(frames: CampaignFrames) -> Referentiel:
    try:
        _, referentiel = resolve(frames.referentiel)
    except ReferentielNotFoundError as err:
        raise SectorInputError(err.issue) from err
    return referentiel
