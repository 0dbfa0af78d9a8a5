"""Checking an answer set against its référentiel: every answer ends as a value or an issue."""

from __future__ import annotations

from collections.abc import Set
from operator import attrgetter

from evalsoc.answers.consistency import consistency_issues
from evalsoc.answers.model import Answer, AnswerSet, Comment
from evalsoc.answers.normalize import normalize_answer
from evalsoc.answers.substance import owner_of, substance, substance_issues
from evalsoc.catalogue import Code
from evalsoc.issues import Issue, Severity, make_issue
from evalsoc.referentiel.fingerprint import canonical_hash, matches
from evalsoc.referentiel.model import Question, Referentiel
from evalsoc.support.text import is_blank

__all__ = ["validate_answer_set"]


def validate_answer_set(answer_set: AnswerSet, referentiel: Referentiel,
                        file: str | None = None, ref_hash: str | None = None,
                        normalised: bool = False,
                        refused: Set[tuple[str, str]] = frozenset()
                        ) -> tuple[AnswerSet, list[Issue]]:
    """Normalised answers (the invalid ones left out) and the issues explaining each gap.
    ``normalised``: the values are already typed (the Excel reader types each cell as
    it reads it); only what concerns the set as a whole is checked, and ``refused``
    names the (respondent, question) cells the reader refused (they were filled in)."""
    issues: list[Issue] = []
    actual = ref_hash or canonical_hash(referentiel)
    claimed = answer_set.referentiel_hash
    if claimed and claimed != actual and not matches(referentiel, claimed):
        issues.append(make_issue(Code.ANS_HASH, file=file, ref=referentiel.ref,
                                 expected=claimed[:12], actual=actual[:12]))
    questions = referentiel.questions()
    issues.extend(_respondent_issues(answer_set, referentiel, file))
    groups = {r.id: r.group for r in answer_set.respondents}
    if normalised and (given := _all_in_place(answer_set, groups, referentiel)) is not None:
        issues.extend(_completion(answer_set, referentiel, given, refused, file))
        issues.extend(consistency_issues(answer_set, referentiel, file))
        return answer_set, issues
    refused = set(refused)
    kept: list[Answer] = []
    seen: set[tuple[str, str]] = set()
    for answer in answer_set.answers:
        question = questions.get(answer.question)
        if question is None:
            issues.append(make_issue(Code.ANS_UNKNOWN_QUESTION, raw=answer.raw,
                                     ref=referentiel.ref, **_where(answer, file)))
            continue
        group = groups.get(answer.respondent)
        if group is None:
            issues.append(make_issue(Code.ANS_UNKNOWN_RESPONDENT, **_where(answer, file)))
            continue
        if group != question.group:
            issues.append(make_issue(Code.ANS_WRONG_GROUP, expected=question.group,
                                     group=group, **_where(answer, file)))
            continue
        key = (answer.respondent, answer.question)
        if key in seen:
            issues.append(make_issue(Code.ANS_DUPLICATE, raw=answer.raw, **_where(answer, file)))
            continue
        seen.add(key)
        if normalised:
            kept.append(answer)
            continue
        typed, found = normalize_answer(answer, question, referentiel)
        issues.extend(_with_file(i, file) for i in found)
        if typed is not None:
            kept.append(typed if typed.comment is None else typed.but(comment=None))
        elif any(i.severity is Severity.ERROR for i in found):
            refused.add(key)
    given = {(a.respondent, a.question) for a in kept}
    issues.extend(_completion(answer_set, referentiel, given, refused, file))
    comments, found = _comments(answer_set, referentiel, groups, file)
    issues.extend(found)
    checked = answer_set.model_copy(update={"answers": tuple(kept), "comments": comments})
    issues.extend(consistency_issues(checked, referentiel, file))  # accounts' totals
    return checked, issues


def _comments(answer_set: AnswerSet, referentiel: Referentiel, groups: dict[str, str],
              file: str | None) -> tuple[tuple[Comment, ...], list[Issue]]:
    """The set's comments in one place (``comments``, and the ``comment`` of each answer,
    whether the answer is kept or not), each once; a comment on a question not asked of
    its respondent is reported (ANS023), never dropped in silence."""
    given = [*answer_set.comments, *(
        Comment(question=a.question, respondent=a.respondent, text=a.comment, source=a.source)
        for a in answer_set.answers if a.comment and not is_blank(a.comment))]
    kept: dict[tuple[str, str, str], Comment] = {}
    issues: list[Issue] = []
    questions = referentiel.questions()
    for comment in given:
        question = questions.get(comment.question)
        if question is None or groups.get(comment.respondent) != question.group:
            issues.append(make_issue(Code.ANS_COMMENT_ELSEWHERE, raw=comment.text[:80],
                                     question=comment.question, ref=referentiel.ref,
                                     respondent=comment.respondent, file=file,
                                     sheet=comment.source.sheet if comment.source else None,
                                     cell=comment.source.cell if comment.source else None))
            continue
        kept.setdefault((comment.respondent, comment.question, comment.text), comment)
    return tuple(kept.values()), issues


def _completion(answer_set: AnswerSet, referentiel: Referentiel,
                given: set[tuple[str, str]], refused: Set[tuple[str, str]],
                file: str | None) -> list[Issue]:
    """ANS012 for each empty required question; for a questionnaire (almost) blank,
    one ANS021 instead of them all (see :mod:`evalsoc.answers.substance`)."""
    owner = owner_of(answer_set, referentiel)
    found = substance(answer_set, referentiel, owner, given, refused) if owner else None
    if found is not None and found.blank:
        assert owner is not None
        return substance_issues(found, file, None, owner)
    issues = _missing_required(answer_set, referentiel, given, file)
    if found is not None and owner is not None:
        issues += substance_issues(found, file, None, owner)
    return issues


_RESPONDENT_QUESTION = attrgetter("respondent", "question")


def _all_in_place(answer_set: AnswerSet, groups: dict[str, str],
                  referentiel: Referentiel) -> set[tuple[str, str]] | None:
    """The (respondent, question) pairs answered when every answer is in its place (a
    known question, asked of its respondent's group, answered once), None otherwise: the
    common case checked in bulk, the answer-by-answer loop left to explain the others."""
    pairs = list(map(_RESPONDENT_QUESTION, answer_set.answers))
    given = set(pairs)
    if len(given) != len(pairs):
        return None
    if not {(groups.get(who), question) for who, question in given} <= referentiel.asked():
        return None
    return given


def _respondent_issues(answer_set: AnswerSet, referentiel: Referentiel,
                       file: str | None) -> list[Issue]:
    issues: list[Issue] = []
    seen: set[str] = set()
    by_group: dict[str, list[str]] = {}
    for respondent in answer_set.respondents:
        if respondent.id in seen:
            issues.append(make_issue(Code.ANS_DUPLICATE_RESPONDENT, file=file,
                                     respondent=respondent.id))
        seen.add(respondent.id)
        if referentiel.group(respondent.group) is None:
            issues.append(make_issue(Code.ANS_RESPONDENT_GROUP, file=file,
                                     respondent=respondent.id, group=respondent.group,
                                     ref=referentiel.ref,
                                     known=", ".join(g.id for g in referentiel.groups)))
        by_group.setdefault(respondent.group, []).append(respondent.id)
    for group in referentiel.groups:
        members = by_group.get(group.id, [])
        if not group.multiple and len(members) > 1:
            issues.append(make_issue(Code.ANS_SINGLE_RESPONDENT, file=file, group=group.id,
                                     count=len(members), respondents=", ".join(members)))
    return issues


def _where(answer: Answer, file: str | None) -> dict[str, str | None]:
    src = answer.source
    return {
        "file": (src.file if src and src.file else file),
        "sheet": src.sheet if src else None,
        "cell": src.cell if src else None,
        "question": answer.question,
        "respondent": answer.respondent,
    }


def _with_file(issue: Issue, file: str | None) -> Issue:
    return issue if issue.file or not file else issue.model_copy(update={"file": file})


_STATUSES = {True: "« non concerné » ou « ne sait pas »", False: "« ne sait pas »"}


def _missing_required(answer_set: AnswerSet, referentiel: Referentiel,
                      given: set[tuple[str, str]], file: str | None) -> list[Issue]:
    """ANS012 for each required question a respondent left empty; the advice offers
    « non concerné » only where the question accepts it (else it would lead to ANS017)."""
    required: dict[str, list[Question]] = {}
    for question in referentiel.questions().values():
        if question.required:
            required.setdefault(question.group, []).append(question)
    return [make_issue(Code.ANS_REQUIRED, file=file, question=question.id, respondent=who.id,
                       statuses=_STATUSES[question.allow_non_concerne])
            for who in answer_set.respondents for question in required.get(who.group, ())
            if (who.id, question.id) not in given]
