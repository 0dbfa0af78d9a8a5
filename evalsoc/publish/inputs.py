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

from dataclasses import dataclass, field

import pandas as pd

from evalsoc.catalogue import Code
from evalsoc.errors import EmptyCampaignError, ReferentielNotFoundError, SectorInputError
from evalsoc.referentiel.model import Referentiel
from evalsoc.referentiel.registry import resolve
from evalsoc.store.frames import Store

__all__ = ["CampaignFrames", "EmptyCampaignError", "SectorInputError", "SectorInputs",
           "load_sector_inputs"]


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


@dataclass(frozen=True)
class SectorInputs:
    current: CampaignFrames
    structures: pd.DataFrame  # the registry
    referentiel: Referentiel
    previous: CampaignFrames | None = None


def _campaign(store: Store, name: str) -> CampaignFrames:
    found = store.campaign(name)
    if found is None:
        known = ", ".join(f"« {c} »" for c in store.campaign_names()) or "aucune"
        raise SectorInputError.of(Code.DB_UNKNOWN_CAMPAIGN, campaign=name, file=str(store.path),
                                  known=known)
    _, year, ref, ref_hash = found
    return CampaignFrames(name=name, year=year, referentiel=ref, referentiel_hash=ref_hash,
                          scores=store.scores(name), respondents=store.respondents(name),
                          figures=store.figures(name), submissions=store.submissions(name),
                          issues=store.issues(name), consents=store.consents(name))


def load_sector_inputs(store: Store, campaign: str, previous: str | None = None
                       ) -> SectorInputs:
    """The frames of ``campaign`` (and ``previous``), checked to be comparable."""
    current = _campaign(store, campaign)
    if current.scores.empty:
        raise EmptyCampaignError.of(Code.ARCH_EMPTY_CAMPAIGN, campaign=campaign)
    before = None
    if previous is not None:
        if previous == campaign:
            raise SectorInputError.of(Code.ARCH_SAME_CAMPAIGN, campaign=campaign)
        before = _campaign(store, previous)
        if before.referentiel != current.referentiel:
            raise SectorInputError.of(Code.ARCH_OTHER_REFERENTIEL, previous=previous,
                                      previous_ref=before.referentiel, campaign=campaign,
                                      ref=current.referentiel)
    try:
        _, referentiel = resolve(current.referentiel)
    except ReferentielNotFoundError as err:
        raise SectorInputError(err.issue) from err
    return SectorInputs(current=current, structures=store.structures(),
                        referentiel=referentiel, previous=before)
