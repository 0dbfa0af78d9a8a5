"""What ``evalsoc explain`` explains: one structure's scores with their whole trace, from
a JSON answer set, from returned workbooks (a structure's and its individual forms, read
and joined as ``evalsoc score`` does), or from a campaign of the store (the structure's
current submission and the forms joined to it, scored again as its fiche is).

The three give the same trace for the same answers: a workbook, the answers JSON that
``evalsoc score --reponses`` writes of it, and the stored submission of it.

Exceptions (the only way out when there is nothing to explain, see
:mod:`evalsoc.errors`): :class:`~evalsoc.errors.ExplainError` when the sources hold no
such structure, :class:`~evalsoc.errors.ExplainSourceError` when they cannot be used
(no store, unknown campaign, changed référentiel, several structures and no
``--structure``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from evalsoc.answers.model import AnswerSet, StructureInfo
from evalsoc.batch.answer_file import score_answer_file
from evalsoc.batch.run import check_paths
from evalsoc.catalogue import Code
from evalsoc.errors import ExplainError, ExplainSourceError, ReferentielNotFoundError
from evalsoc.issues import Issue, make_issue
from evalsoc.referentiel.fingerprint import matches
from evalsoc.referentiel.model import Referentiel
from evalsoc.referentiel.registry import load_entry, resolve
from evalsoc.scoring import ScoreResult, score
from evalsoc.store.backends import Connection
from evalsoc.store.target import Target
from evalsoc.support.text import canon

__all__ = ["ExplainError", "ExplainSourceError", "Explained", "from_answer_file",
           "from_store", "from_workbooks"]


@dataclass(frozen=True)
class Explained:
    """One structure's scores and the answers they came from; ``result`` is None when
    the answers have errors (``issues`` say which)."""

    source: str
    result: ScoreResult | None
    answers: AnswerSet | None
    issues: tuple[Issue, ...] = ()


def from_answer_file(path: Path) -> Explained:
    outcome = score_answer_file(path)
    return Explained(str(path), outcome.result, outcome.answers, outcome.issues)


def from_workbooks(paths: Sequence[Path], structure: str | None = None,
                   workers: int | None = None) -> Explained:
    """The one structure the workbooks score (or ``structure``), with its forms."""
    items = check_paths(paths, workers, trace=True)
    wanted = [i for i in items if i.read.answers is not None and not i.read.individual and (
        structure is None or canon(i.read.answers.structure.id) == canon(structure))]
    scored = [i for i in wanted if i.result is not None]
    if len(scored) > 1 or (not scored and len(wanted) > 1):
        found = ", ".join(sorted({i.read.answers.structure.id for i in wanted
                                  if i.read.answers is not None}))
        raise ExplainSourceError(make_issue(Code.EXP_SEVERAL, structures=found))
    if scored:
        item = scored[0]
        return Explained(item.read.file, item.result, item.read.answers, item.read.issues)
    if wanted:  # one structure, whose workbook has errors
        item = wanted[0]
        return Explained(item.read.file, None, item.read.answers, item.read.issues)
    if structure is not None:
        known = ", ".join(sorted({i.read.answers.structure.id for i in items
                                  if i.read.answers is not None and not i.read.individual}))
        raise ExplainError(make_issue(Code.EXP_NOT_THERE, structure=structure,
                                      known=known or "aucune"))
    issues = tuple(i for item in items for i in item.read.issues)
    source = items[0].read.file if len(items) == 1 else ", ".join(str(p) for p in paths)
    if not issues:
        issues = (make_issue(Code.EXP_NO_STRUCTURE, files=source),)
    return Explained(source, None, None, issues)


def from_store(db: Target, campaign: str, structure: str) -> Explained:
    """The structure's current submission in ``campaign``, with the forms joined to it,
    scored again with the campaign's référentiel (which must not have changed)."""
    from evalsoc.store.db import connect  # noqa: PLC0415 - only this source needs the store
    from evalsoc.store.write import load_answer_set  # noqa: PLC0415

    if isinstance(db, Path) and not db.is_file():
        raise ExplainSourceError(make_issue(Code.FIC_NO_DB, file=str(db)))
    conn = connect(db)
    try:
        found = conn.execute("SELECT id, referentiel, referentiel_hash FROM campaigns "
                             "WHERE name = ?", (campaign,)).fetchone()
        if found is None:
            known = ", ".join(f"« {r[0]} »" for r in conn.execute(
                "SELECT name FROM campaigns ORDER BY year, name")) or "aucune"
            raise ExplainSourceError(make_issue(
                Code.DB_UNKNOWN_CAMPAIGN, campaign=campaign, file=str(db), known=known))
        campaign_id, ref_name, ref_hash = int(found[0]), str(found[1]), str(found[2])
        ref = _referentiel(campaign, ref_name, ref_hash)
        row = conn.execute(
            "SELECT id, structure_id, file_name FROM submissions WHERE campaign_id = ? AND "
            "kind = 'structure' AND status = 'valide' AND structure_id = ? COLLATE NOCASE",
            (campaign_id, structure.strip())).fetchone()
        if row is None:
            known = ", ".join(r[0] for r in conn.execute(
                "SELECT structure_id FROM submissions WHERE campaign_id = ? AND kind = "
                "'structure' AND status = 'valide' ORDER BY structure_id", (campaign_id,)))
            raise ExplainError(make_issue(Code.EXP_NOT_STORED, structure=structure,
                                          campaign=campaign, known=known or "aucune"))
        answers = load_answer_set(conn, int(row[0]), ref, _info(conn, str(row[1])))
    finally:
        conn.close()
    return Explained(f"{db} ({campaign}, {row[2]})", score(ref, answers, ref_hash),
                     answers)


def _referentiel(campaign: str, name: str, expected: str) -> Referentiel:
    try:
        entry, ref = resolve(name)
    except ReferentielNotFoundError as err:
        raise ExplainSourceError(err.issue) from err
    actual = load_entry(entry).hash or ""
    if actual != expected and not matches(ref, expected):
        raise ExplainSourceError(make_issue(
            Code.FIC_REFERENTIEL_CHANGED, campaign=campaign, ref=name,
            expected=expected[:12], actual=actual[:12]))
    return ref


_FIELDS = ("nom", "departement", "commune", "territoire", "discipline", "taille",
           "consentement")


def _info(conn: Connection, ident: str) -> StructureInfo:
    row = conn.execute(f"SELECT {', '.join(_FIELDS)} FROM structures WHERE id = ?",
                       (ident,)).fetchone()
    values = dict(zip(_FIELDS, row or (), strict=False))
    name = values.pop("nom", None) or ""
    return StructureInfo(id=ident, name=name, **{k: v for k, v in values.items() if v})
