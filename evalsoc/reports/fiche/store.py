"""What the fiches of a campaign share, read once from the store (in the calling
process: pandas and the sector statistics stay out of the workers that render); what
each structure answered is read by :mod:`evalsoc.reports.fiche.source`.

Sector medians are those the campaign's publication prints (:mod:`evalsoc.publish`):
without the structures that refused publication, and blank where the secrecy rules or
the publication auditor withhold them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from evalsoc.answers.model import StructureInfo
from evalsoc.catalogue import Code
from evalsoc.issues import make_issue
from evalsoc.publish.inputs import load_sector_inputs, stored_selection
from evalsoc.publish.publication import Publication
from evalsoc.referentiel.model import Kind, Referentiel
from evalsoc.referentiel.registry import ReferentielNotFoundError, resolve
from evalsoc.reports.base import message
from evalsoc.reports.fiche.build import CampaignFigures, Previous
from evalsoc.reports.fiche.model import PeerView
from evalsoc.reports.fiche.parts import Verbatim
from evalsoc.reports.fiche.source import (
    CampaignContext,
    FicheSourceError,
    fiche_from_store,
    referentiel_of,
)
from evalsoc.sensitivity import Variants, Variation, structure_change_noise, variants_of
from evalsoc.store.frames import Store
from evalsoc.store.scoresets import campaign_series
from evalsoc.store.target import Target
from evalsoc.versions.compare import Side, comparability

__all__ = ["CampaignContext", "FicheSourceError", "campaign_context", "fiche_from_store",
           "referentiel_of"]  # the last ones live in evalsoc.reports.fiche.source

_FIELDS = ("departement", "commune", "territoire", "discipline", "taille", "consentement")


def _number(value: object) -> float | None:
    """A score read from a frame, NaN (no score) as None."""
    if isinstance(value, (int, float)) and not math.isnan(value):
        return float(value)
    return None


def _info(row: pd.Series) -> StructureInfo:
    values = {k: str(row[k]) for k in _FIELDS if isinstance(row[k], str) and row[k]}
    return StructureInfo(id=str(row["structure_id"]), name=str(row["nom"] or ""), **values)


def _medians(publication: Publication) -> tuple[dict[str, float | None], dict[str, str]]:
    """The campaign's median of each dimension as its publication prints it (without the
    structures that refused publication; blank where the secrecy rules or the auditor
    withhold it)."""
    table = publication.table("secteur:ensemble")
    rows = table[table["type"] == "dimension"]
    medians: dict[str, float | None] = {}
    notes: dict[str, str] = {}
    for row in rows.itertuples():
        node = str(row.noeud)
        medians[node] = None if bool(row.masque) else _number(row.mediane)
        if bool(row.masque):
            notes[node] = message(Code.FIC_MEDIAN_MASKED, motif=row.motif)
        elif medians[node] is None:
            notes[node] = message(Code.FIC_MEDIAN_MASKED, motif=message(
                Code.STAT_MOTIF_FEW_UNNAMED, n=publication.rules.min_median))
    return medians, notes


def _peers(publication: Publication) -> dict[str, dict[str, PeerView]]:
    """Each structure's peers' quartiles per dimension, as the publication prints
    them (:mod:`evalsoc.publish.peers`)."""
    return {structure: {d: PeerView(column=b.column, group=b.group, n=b.n, q1=b.q1,
                                    median=b.median, q3=b.q3)
                        for d, b in bands.items() if b.median is not None}
            for structure, bands in publication.peers().items()}


def _stability(variants: Variants) -> dict[str, dict[str, float]]:
    """Per structure and dimension, the share of the robustness variants that keep its
    level (:mod:`evalsoc.sensitivity`, the default variation and seed): the structure's
    own figure, not a published one."""
    found: dict[str, dict[str, float]] = {}
    for s, structure in enumerate(variants.structures):
        for k, dimension in enumerate(variants.dimensions):
            share = float(variants.stability[s, k])
            if not math.isnan(share):
                found.setdefault(str(structure), {})[str(dimension)] = share
    return found


def _noise(store: Store, current: Variants, previous: Mapping[str, Previous]
           ) -> dict[str, dict[str, tuple[float, float]]]:
    """Per structure and dimension compared with an earlier campaign, the interval its
    change spans under the robustness variants (:mod:`evalsoc.sensitivity.change`),
    each earlier campaign scored under the same draws with its own référentiel."""
    found: dict[str, dict[str, tuple[float, float]]] = {}
    by_campaign: dict[str, list[str]] = {}
    for structure, earlier in previous.items():
        if earlier.scores:
            by_campaign.setdefault(earlier.campaign, []).append(structure)
    for name, structures in by_campaign.items():
        stored = store.campaign(name)
        if stored is None:
            continue
        try:
            ref = resolve(stored[2])[1]
        except ReferentielNotFoundError:  # no variants to measure its noise with
            continue
        before = variants_of(store.scores(name), ref, current.variation, structures)
        for structure in structures:
            dims = list(previous[structure].scores)
            found[structure] = structure_change_noise(before, current, structure, dims)
    return found


def _publication(store: Store, campaign: str, year: int, ref: str) -> Publication:
    """What the campaign publishes, with its evolution from the latest earlier campaign
    on the same référentiel (as a synthèse would show it)."""
    earlier = store.campaigns()
    earlier = earlier[(earlier["annee"] < year) & (earlier["referentiel"] == ref)]
    previous = str(earlier.sort_values("annee")["campagne"].iloc[-1]) if len(earlier) else None
    return Publication(load_sector_inputs(store, campaign, previous))


def _previous(store: Store, year: int, ids: set[str], current: Side,
              labels: dict[str, str]) -> dict[str, Previous]:
    """Each structure's dimension scores in the latest earlier campaign it took part in,
    as far as the comparability policy allows (:mod:`evalsoc.versions.compare`): none
    from another version, none where a series breaks; a note says what is left out."""
    found: dict[str, Previous] = {}
    earlier = store.campaigns()
    earlier = earlier[earlier["annee"] < year].sort_values("annee", ascending=False)
    for name, ref in zip(earlier["campagne"], earlier["referentiel"], strict=True):
        if len(found) == len(ids):
            break
        policy = comparability(Side(str(name), str(ref),
                                    campaign_series(store.conn, str(name))), current)
        scores = store.scores(str(name))
        dims = scores[(scores["type"] == "dimension") & scores["structure_id"].isin(ids)]
        for structure, rows in dims.groupby("structure_id"):
            ident = str(structure)
            if ident in found:
                continue
            notes = policy.notes(list(labels), labels, {ident})
            kept = {str(r.noeud): _number(r.score) for r in rows.itertuples()
                    if policy.allowed(ident, str(r.noeud))}
            note = message(Code.VER_NOTE_FICHE, campaign=str(name),
                           detail=" ".join(n.rstrip(".") + "." for n in notes)
                           .removesuffix(".")) if notes else ""
            found[ident] = Previous(str(name), kept, note)
    return found


def _dimension_labels(ref: str) -> dict[str, str]:
    """The campaign's dimensions, in order: id -> label."""
    return {d.id: d.label for d in resolve(ref)[1].dimensions}


def campaign_context(db: Target, campaign: str) -> CampaignContext:
    """Read once what the fiches of ``campaign`` share; FicheSourceError when the
    campaign cannot give any fiche."""
    with Store(db) as store:  # StoreError: no base, or not one evalsoc can read
        found = store.campaign(campaign)
        if found is None:
            known = ", ".join(f"« {n} »" for n in store.campaign_names()) or "aucune"
            raise FicheSourceError(make_issue(Code.DB_UNKNOWN_CAMPAIGN, campaign=campaign,
                                              file=str(db), known=known))
        campaign_id, year, ref, ref_hash = found
        main = referentiel_of(campaign, ref, ref_hash)  # refused if the file changed since
        if main.kind is Kind.OBSERVATION:  # no profile to show: its own reports
            raise FicheSourceError(make_issue(Code.OPP_NO_FICHE, campaign=campaign, ref=ref))
        submissions = {str(s): int(i) for i, s in store.conn.execute(
            "SELECT id, structure_id FROM submissions WHERE campaign_id = ? AND "
            "kind = 'structure' AND status = 'valide' ORDER BY structure_id", (campaign_id,))}
        if not submissions:
            raise FicheSourceError(make_issue(Code.FIC_NO_STRUCTURE, campaign=campaign))
        registry = store.structures(campaign)
        structures = {str(r["structure_id"]): _info(r) for _, r in registry.iterrows()
                      if str(r["structure_id"]) in submissions}
        labels = _dimension_labels(ref)
        current = Side(campaign, ref, campaign_series(store.conn, campaign))
        previous = _previous(store, year, set(submissions), current, labels)
        figures = CampaignFigures(campaign, year)  # a campaign of diagnostics only
        if main.kind is not Kind.DIAGNOSTIC:
            publication = _publication(store, campaign, year, ref)
            medians, notes = _medians(publication)
            variants = variants_of(store.scores(campaign), main, Variation(),
                                   list(submissions))
            figures = CampaignFigures(campaign, year, len(publication.population.included),
                                      medians, notes, _peers(publication),
                                      _stability(variants),
                                      _noise(store, variants, previous))
        quotes = _quotes(store, campaign, main)
    return CampaignContext(db, figures, ref, ref_hash, submissions, structures, previous,
                           quotes)


def _quotes(store: Store, campaign: str, ref: Referentiel) -> dict[str, tuple[Verbatim, ...]]:
    """Each structure's own selected quotes (evalsoc citations), whatever its consent:
    the text to print, with its group and question."""
    found: dict[str, list[Verbatim]] = {}
    for quote in stored_selection(store, campaign, ref).quotes:
        found.setdefault(quote.structure_id, []).append(
            Verbatim(quote.groupe, quote.question, quote.printed))
    return {k: tuple(v) for k, v in found.items()}
