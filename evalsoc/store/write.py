"""Writing one submission and its rows; (re)computing a structure's scores from the store.

Every function here runs inside the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from evalsoc import __version__
from evalsoc.answers.model import (
    Answer,
    AnswerSet,
    AnswerStatus,
    CellRef,
    Comment,
    Respondent,
    StructureInfo,
)
from evalsoc.issues import Issue
from evalsoc.referentiel.model import Referentiel
from evalsoc.scoring import ScoreResult, score
from evalsoc.store.backends import Connection
from evalsoc.store.plan import plan_note_rows
from evalsoc.store.scoresets import write_series
from evalsoc.store.translated import Chains, native, under, version_flags
from evalsoc.structures.consent import normalised
from evalsoc.versions.translate import Translation

__all__ = ["FORMS_OF", "insert_links", "insert_rows", "load_answer_set", "rescore",
           "submission_versions", "upsert_structure", "write_scores"]

_STRUCTURE_FIELDS = ("nom", "departement", "commune", "territoire", "discipline", "taille",
                     "consentement")


def upsert_structure(conn: Connection, info: StructureInfo,
                     authoritative: bool = False) -> None:
    """Add a structure; fill only its empty fields unless ``authoritative`` (the registry,
    whose consent is also kept apart: publication follows the stricter of the registry's
    and the workbook's, see :mod:`evalsoc.structures.consent`)."""
    values = {"nom": info.name, **{f: getattr(info, f) for f in _STRUCTURE_FIELDS[1:]}}
    values["consentement"] = normalised(values["consentement"])
    if authoritative:
        row = conn.execute("SELECT 1 FROM structures WHERE id = ?", (info.id,)).fetchone()
        if row is None:
            conn.execute("INSERT INTO structures (id) VALUES (?)", (info.id,))
        conn.execute("UPDATE structures SET consent_registry = ? WHERE id = ?",
                     (values["consentement"], info.id))
    row = conn.execute("SELECT 1 FROM structures WHERE id = ?", (info.id,)).fetchone()
    if row is None:
        conn.execute(
            "INSERT INTO structures (id, nom, departement, commune, territoire, discipline, "
            "taille, consentement) VALUES (?, ?, ?, ?, ?, ?, ?, COALESCE(?, 'aucune'))",
            (info.id, *(values[f] or ("" if f == "nom" else None) for f in _STRUCTURE_FIELDS[:-1]),
             values["consentement"]))
        return
    for name in _STRUCTURE_FIELDS:
        if values[name]:
            keep = "" if authoritative else f" AND ({name} IS NULL OR {name} = '')"
            conn.execute(f"UPDATE structures SET {name} = ? WHERE id = ?{keep}",
                         (values[name], info.id))


def insert_rows(conn: Connection, submission: int, answers: AnswerSet | None,
                issues: Iterable[Issue]) -> None:
    conn.executemany("INSERT INTO issues VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
        (submission, n, i.code, i.severity.value, i.sheet, i.cell, i.question, i.respondent,
         i.raw, i.message) for n, i in enumerate(issues)])
    if answers is None:
        return
    conn.executemany("INSERT OR IGNORE INTO respondents VALUES (?, ?, ?)",
                     [(submission, r.id, r.group) for r in answers.respondents])
    conn.executemany("INSERT OR IGNORE INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [
        (submission, a.respondent, a.question, a.status.value,
         None if a.value is None else json.dumps(a.value, ensure_ascii=False), a.raw,
         a.source.sheet if a.source else None, a.source.cell if a.source else None)
        for a in answers.answers])
    conn.executemany("INSERT OR REPLACE INTO evaluator_notes VALUES (?, ?, ?, ?)",
                     [(submission, n.dimension, n.level, n.text) for n in answers.evaluator]
                     + plan_note_rows(submission, answers))
    conn.executemany("INSERT OR REPLACE INTO comments VALUES (?, ?, ?, ?, ?, ?)", [
        (submission, c.respondent, c.question, c.text, c.source.sheet if c.source else None,
         c.source.cell if c.source else None) for c in answers.comments])


def insert_links(conn: Connection, submission: int, links: Iterable[str]) -> None:
    """The ids under which a structure's submission is named by its forms."""
    conn.executemany("INSERT OR IGNORE INTO links VALUES (?, ?)",
                     [(link, submission) for link in links])


# the current individual forms that name a structure submission (bound: its campaign,
# then its id); each is named once, whichever of its links it names
FORMS_OF = ("SELECT f.id FROM submissions f WHERE f.campaign_id = ? AND "
            "f.kind = 'individuel' AND f.status = 'valide' AND f.parent_questionnaire_id "
            "IN (SELECT l.link FROM links l WHERE l.submission_id = ?)")


def write_scores(conn: Connection, submission: int, result: ScoreResult) -> None:
    """The scores of a submission, and its diagnostics' indicators beside them."""
    conn.execute("DELETE FROM scores WHERE submission_id = ?", (submission,))
    conn.executemany("INSERT INTO scores VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
        (submission, n.id, n.kind, n.score, n.level, n.completeness,
         n.absent.value if n.absent else None, int(n.informational), n.reason or None,
         n.rule or None, n.policy or None, n.respondents)
        for n in result.nodes().values()])
    conn.execute("DELETE FROM diagnostics WHERE submission_id = ?", (submission,))
    conn.executemany("INSERT INTO diagnostics VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
        (submission, d.referentiel, r.id, r.period, r.value, r.band, r.absent,
         r.reason or None, r.rule or None, r.alert or None)
        for d in result.diagnostics for r in d.indicators()])


def _constituents(conn: Connection, submission: int) -> list[int]:
    """A structure submission and the current individual forms attached to it."""
    campaign = conn.execute("SELECT campaign_id FROM submissions WHERE id = ?",
                            (submission,)).fetchone()[0]
    return [submission] + [r[0] for r in conn.execute(FORMS_OF + " ORDER BY f.id",
                                                      (campaign, submission))]


def submission_versions(conn: Connection, submission: int) -> list[tuple[str, str]]:
    """The versions (référentiel, fingerprint) a structure submission's answers were
    given under: its own and its forms'."""
    ids = _constituents(conn, submission)
    marks = ",".join("?" * len(ids))
    return [(str(r[0]), str(r[1] or "")) for r in conn.execute(
        f"SELECT referentiel, referentiel_hash FROM submissions WHERE id IN ({marks}) "
        "ORDER BY id", ids)]


def load_answer_set(conn: Connection, submission: int, ref: Referentiel,
                    structure: StructureInfo,
                    translations: list[Translation] | None = None,
                    chains: Chains | None = None) -> AnswerSet:
    """A stored submission's answers and respondents, plus those of the current individual
    forms attached to it, as answers of ``ref``: those given under an earlier version
    are read through its crosswalks (:mod:`evalsoc.store.translated`; VersionError when
    none leads to ``ref``); what they left out is added to ``translations``; ``chains``
    keeps the crosswalks found for the next submission of a run."""
    row = conn.execute("SELECT questionnaire_id, campaign_id, referentiel_hash, file_name "
                       "FROM submissions WHERE id = ?", (submission,)).fetchone()
    ids = _constituents(conn, submission)
    marks = ",".join("?" * len(ids))
    versions = {int(i): (str(n), str(h or "")) for i, n, h in conn.execute(
        f"SELECT id, referentiel, referentiel_hash FROM submissions WHERE id IN ({marks})",
        ids)}
    respondents = tuple(Respondent(id=r, group=g) for r, g in conn.execute(
        f"SELECT respondent, grp FROM respondents WHERE submission_id IN ({marks}) "
        "ORDER BY submission_id, respondent", ids))
    answers = [(int(r[-1]), _answer(r[:-1])) for r in conn.execute(
        "SELECT a.respondent, a.question, a.status, a.value, a.raw, a.sheet, a.cell, "
        f"s.file_name, a.submission_id FROM answers a JOIN submissions s "
        f"ON s.id = a.submission_id WHERE a.submission_id IN ({marks}) "
        "ORDER BY a.submission_id, a.respondent, a.question", ids)]
    comments = [(int(i), Comment(question=q, respondent=r, text=t, source=CellRef(
        file=f, sheet=sh, cell=c) if c else None)) for r, q, t, sh, c, f, i in conn.execute(
        "SELECT k.respondent, k.question, k.text, k.sheet, k.cell, s.file_name, "
        "k.submission_id FROM comments k JOIN submissions s ON s.id = k.submission_id "
        f"WHERE k.submission_id IN ({marks}) ORDER BY k.submission_id, k.respondent, "
        "k.question", ids)]
    whole = AnswerSet(referentiel=ref.ref, referentiel_hash=row[2], questionnaire_id=row[0],
                      structure=structure, respondents=respondents,
                      answers=tuple(a for _, a in answers),
                      comments=tuple(c for _, c in comments))
    if all(native(ref, name) for name, _ in versions.values()):
        return whole
    groups = list(dict.fromkeys(versions.values()))
    parts = [(name, digest, whole.model_copy(update={
        "referentiel": name,
        "answers": tuple(a for i, a in answers if versions[i] == (name, digest)),
        "comments": tuple(c for i, c in comments if versions[i] == (name, digest))}))
        for name, digest in groups]
    read, reports = under(ref, parts, chains=chains)
    if translations is not None:
        translations += reports
    return read


def _answer(row: tuple[str, ...]) -> Answer:
    respondent, question, status, value, raw, sheet, cell, file = row
    loaded = None if value is None else json.loads(value)
    return Answer(question=question, respondent=respondent, status=AnswerStatus(status),
                  value=tuple(loaded) if isinstance(loaded, list) else loaded, raw=raw,
                  source=CellRef(file=file, sheet=sheet, cell=cell) if cell else None)


def rescore(conn: Connection, submission: int, ref: Referentiel, ref_hash: str,
            structure: StructureInfo) -> ScoreResult:
    """Score a structure submission again with every individual form now attached
    (answers of an earlier version read through its crosswalks, their series flags
    written beside the scores)."""
    result = score(ref, load_answer_set(conn, submission, ref, structure), ref_hash)
    write_scores(conn, submission, result)
    versions = submission_versions(conn, submission)
    write_series(conn, submission, version_flags(ref, versions),
                 ", ".join(dict.fromkeys(n for n, _ in versions if not native(ref, n))))
    conn.execute("UPDATE submissions SET engine_version = ? WHERE id = ?",
                 (__version__, submission))
    return result
