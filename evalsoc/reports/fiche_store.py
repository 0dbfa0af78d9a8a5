"""The inputs of fiches, read from the store: what the campaign says once, then what
each structure answered.

A structure's answers (with its individual forms) are read back and scored again
(:func:`evalsoc.store.write.load_answer_set`), so that the fiche has the full trace of
every score, including why a node has none. The référentiel must be the very one the
campaign was scored with: a changed file is refused rather than silently used.
Sector medians are the campaign's « Ensemble » row of :func:`evalsoc.stats.describe`,
statistical secrecy applied (a median built on fewer than 3 structures is not shown).
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from evalsoc.answers import EvaluatorNote, StructureInfo
from evalsoc.catalogue import Code
from evalsoc.issues import IssueError, make_issue
from evalsoc.referentiel.model import Referentiel
from evalsoc.referentiel.registry import ReferentielNotFoundError, load_entry, resolve
from evalsoc.reports.base import message
from evalsoc.reports.fiche_build import CampaignFigures, Previous, build_fiche
from evalsoc.reports.fiche_model import Fiche
from evalsoc.reports.fiche_parts import verbatims_of
from evalsoc.scoring import score
from evalsoc.stats import describe, levels_of
from evalsoc.store.frames import Store
from evalsoc.store.write import load_answer_set

__all__ = ["CampaignContext", "FicheSourceError", "campaign_context", "fiche_from_store",
           "referentiel_of"]

_FIELDS = ("departement", "commune", "territoire", "discipline", "taille", "consentement")


class FicheSourceError(IssueError):
    """The campaign cannot give fiches at all (no store, unknown campaign, changed
    référentiel...); ``issue`` holds the catalogue message."""


@dataclass(frozen=True)
class CampaignContext:
    """What every fiche of a campaign shares; small and picklable, for worker processes."""

    db: Path
    figures: CampaignFigures
    referentiel: str
    referentiel_hash: str
    submissions: Mapping[str, int]  # structure id -> its current submission
    structures: Mapping[str, StructureInfo]
    previous: Mapping[str, Previous] = field(default_factory=dict)


def _number(value: object) -> float | None:
    """A score read from a frame, NaN (no score) as None."""
    if isinstance(value, (int, float)) and not math.isnan(value):
        return float(value)
    return None


def _info(row: pd.Series) -> StructureInfo:
    values = {k: str(row[k]) for k in _FIELDS if isinstance(row[k], str) and row[k]}
    return StructureInfo(id=str(row["structure_id"]), name=str(row["nom"] or ""), **values)


def _medians(scores: pd.DataFrame, structures: pd.DataFrame, ref: Referentiel
             ) -> tuple[dict[str, float | None], dict[str, str]]:
    if scores.empty:
        return {}, {}
    table = describe(scores, structures, nodes="dimension", levels=levels_of(ref))
    rows = table[table["ensemble"]]
    medians: dict[str, float | None] = {}
    notes: dict[str, str] = {}
    for row in rows.itertuples():
        node = str(row.noeud)
        if bool(row.masque):
            medians[node] = None
            notes[node] = message(Code.FIC_MEDIAN_MASKED, motif=row.motif)
        else:
            medians[node] = _number(row.mediane)
    return medians, notes


def _previous(store: Store, year: int, ids: set[str]) -> dict[str, Previous]:
    """Each structure's dimension scores in the latest earlier campaign it took part in."""
    found: dict[str, Previous] = {}
    earlier = store.campaigns()
    earlier = earlier[earlier["annee"] < year].sort_values("annee", ascending=False)
    for name in earlier["campagne"]:
        if len(found) == len(ids):
            break
        scores = store.scores(str(name))
        dims = scores[(scores["type"] == "dimension") & scores["structure_id"].isin(ids)]
        for structure, rows in dims.groupby("structure_id"):
            if str(structure) not in found:
                found[str(structure)] = Previous(str(name), {
                    str(r.noeud): _number(r.score)
                    for r in rows.itertuples()})
    return found


def referentiel_of(name: str, ref: str, expected_hash: str) -> Referentiel:
    """The campaign's référentiel, refused if its file changed since the campaign."""
    try:
        entry, referentiel = resolve(ref)
    except ReferentielNotFoundError as err:
        raise FicheSourceError(err.issue) from err
    actual = load_entry(entry).hash or ""
    if actual != expected_hash:
        raise FicheSourceError(make_issue(
            Code.FIC_REFERENTIEL_CHANGED, campaign=name, ref=ref, expected=expected_hash[:12],
            actual=actual[:12]))
    return referentiel


def campaign_context(db: Path, campaign: str) -> CampaignContext:
    """Read once what the fiches of ``campaign`` share; FicheSourceError when the
    campaign cannot give any fiche."""
    with Store(db) as store:  # StoreError: no base, or not one evalsoc can read
        found = store.campaign(campaign)
        if found is None:
            known = ", ".join(f"« {n} »" for n in store.campaign_names()) or "aucune"
            raise FicheSourceError(make_issue(Code.DB_UNKNOWN_CAMPAIGN, campaign=campaign,
                                              file=str(db), known=known))
        campaign_id, year, ref, ref_hash = found
        referentiel = referentiel_of(campaign, ref, ref_hash)
        submissions = {str(s): int(i) for i, s in store.conn.execute(
            "SELECT id, structure_id FROM submissions WHERE campaign_id = ? AND "
            "kind = 'structure' AND status = 'valide' ORDER BY structure_id", (campaign_id,))}
        if not submissions:
            raise FicheSourceError(make_issue(Code.FIC_NO_STRUCTURE, campaign=campaign))
        registry = store.structures()
        scores = store.scores(campaign)
        medians, notes = _medians(scores, registry, referentiel)
        figures = CampaignFigures(campaign, year, int(scores["structure_id"].nunique()),
                                  medians, notes)
        structures = {str(r["structure_id"]): _info(r) for _, r in registry.iterrows()
                      if str(r["structure_id"]) in submissions}
        previous = _previous(store, year, set(submissions))
    return CampaignContext(db, figures, ref, ref_hash, submissions, structures, previous)


def _notes(conn: sqlite3.Connection, submission: int) -> list[EvaluatorNote]:
    return [EvaluatorNote(dimension=d, level=level, text=t) for d, level, t in conn.execute(
        "SELECT dimension, level, text FROM evaluator_notes WHERE submission_id = ? "
        "ORDER BY dimension", (submission,))]


def fiche_from_store(context: CampaignContext, conn: sqlite3.Connection, ref: Referentiel,
                     structure_id: str, quotes: bool = True) -> Fiche:
    """One structure's fiche (KeyError if it has no current submission in the campaign)."""
    submission = context.submissions[structure_id]
    info = context.structures.get(structure_id, StructureInfo(id=structure_id))
    answers = load_answer_set(conn, submission, ref, info)
    result = score(ref, answers, context.referentiel_hash)
    return build_fiche(result, ref, context.figures, previous=context.previous.get(structure_id),
                       evaluator=_notes(conn, submission),
                       verbatims=verbatims_of(answers, ref) if quotes else ())
