"""What one fiche reads from the store: the campaign's shared context (built once, in
:mod:`evalsoc.reports.fiche.store`) and one structure's answers, scored again.

A structure's answers (with its individual forms) are read back and scored again
(:func:`evalsoc.store.write.load_answer_set`), so that the fiche has the full trace of
every score, including why a node has none. The référentiel must be the very one the
campaign was scored with: a changed file is refused rather than silently used. Nothing
here needs pandas: worker processes that render fiches import this module only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from evalsoc.answers.model import EvaluatorNote, StructureInfo
from evalsoc.catalogue import Code
from evalsoc.errors import FicheSourceError
from evalsoc.issues import make_issue
from evalsoc.referentiel.fingerprint import matches
from evalsoc.referentiel.model import Referentiel
from evalsoc.referentiel.registry import ReferentielNotFoundError, load_entry, resolve
from evalsoc.reports.fiche.build import CampaignFigures, Previous, build_fiche
from evalsoc.reports.fiche.model import Fiche
from evalsoc.reports.fiche.parts import Verbatim, collection_of, comment_views
from evalsoc.scoring import score
from evalsoc.scoring.alerts import alerts_of
from evalsoc.store.backends import Connection
from evalsoc.store.plan import is_plan_key, read_plan
from evalsoc.store.target import Target
from evalsoc.store.write import load_answer_set

__all__ = ["CampaignContext", "FicheSourceError", "fiche_from_store", "referentiel_of"]


@dataclass(frozen=True)
class CampaignContext:
    """What every fiche of a campaign shares; small and picklable, for worker processes."""

    db: Target
    figures: CampaignFigures
    referentiel: str
    referentiel_hash: str
    submissions: Mapping[str, int]  # structure id -> its current submission
    structures: Mapping[str, StructureInfo]
    previous: Mapping[str, Previous] = field(default_factory=dict)
    # structure id -> its own quotes selected by the consultant (evalsoc citations): a
    # fiche quotes nothing else of its respondents' free texts
    quotes: Mapping[str, tuple[Verbatim, ...]] = field(default_factory=dict)


def referentiel_of(name: str, ref: str, expected_hash: str) -> Referentiel:
    """The campaign's référentiel, refused if its file changed since the campaign."""
    try:
        entry, referentiel = resolve(ref)
    except ReferentielNotFoundError as err:
        raise FicheSourceError(err.issue) from err
    actual = load_entry(entry).hash or ""
    if actual != expected_hash and not matches(referentiel, expected_hash):
        raise FicheSourceError(make_issue(
            Code.FIC_REFERENTIEL_CHANGED, campaign=name, ref=ref, expected=expected_hash[:12],
            actual=actual[:12]))
    return referentiel


def _notes(conn: Connection, submission: int) -> list[EvaluatorNote]:
    """The evaluator's appreciations (the plan d'action kept beside them is not one)."""
    return [EvaluatorNote(dimension=d, level=level, text=t) for d, level, t in conn.execute(
        "SELECT dimension, level, text FROM evaluator_notes WHERE submission_id = ? "
        "ORDER BY dimension", (submission,)) if not is_plan_key(str(d))]


def fiche_from_store(context: CampaignContext, conn: Connection, ref: Referentiel,
                     structure_id: str, quotes: bool = True) -> Fiche:
    """One structure's fiche (KeyError if it has no current submission in the campaign).
    Its quotes are its own selected ones (``context.quotes``), none when ``quotes`` is
    false; its respondents' comments are quoted only through that selection, its own
    comments are always shown (they are its words, on its own fiche)."""
    submission = context.submissions[structure_id]
    info = context.structures.get(structure_id, StructureInfo(id=structure_id))
    answers = load_answer_set(conn, submission, ref, info)
    result = score(ref, answers, context.referentiel_hash)
    plan, analysis = read_plan(conn, submission)
    return build_fiche(result, ref, context.figures, previous=context.previous.get(structure_id),
                       plan=plan, shared_analysis=analysis,
                       evaluator=_notes(conn, submission),
                       verbatims=context.quotes.get(structure_id, ()) if quotes else (),
                       comments=comment_views(answers, ref, respondents=False),
                       alerts=alerts_of(ref, answers), collection=collection_of(answers, ref))
