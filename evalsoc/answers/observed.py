"""An observation's figures checked against each other within one structure's answers.

The OPP questionnaire asks totals and their « dont » lines: the permanent jobs and the
same by contract type, the subsidies and the same by funder, the regular volunteers
among all. Its ``checks`` (:class:`evalsoc.referentiel.observation.Observation`) say
which must agree; a gap is an issue at the total's cell (OPP011) with both figures and
what to do. Nothing is corrected: which figure is wrong is the structure's call, and a
check whose figures are not all given is not made (the block is then incomplete and
leaves the tables, which the observation report says).
"""

from __future__ import annotations

from collections.abc import Mapping

from evalsoc.answers.model import Answer, AnswerStatus
from evalsoc.catalogue import Code
from evalsoc.issues import Issue, Severity, make_issue
from evalsoc.referentiel.diagnostic import Check
from evalsoc.referentiel.expression import evaluate, names
from evalsoc.referentiel.formula import FormulaError
from evalsoc.referentiel.model import QuestionType, Referentiel
from evalsoc.support.formatting import fr_number

__all__ = ["observation_issues"]


def observation_issues(answers: Mapping[str, Answer], referentiel: Referentiel,
                       file: str | None = None) -> list[Issue]:
    """Every check of every observation part that the structure's answers fail
    (``answers``: the single respondents' answers, by question)."""
    found: list[Issue] = []
    for part in referentiel.parts or (referentiel,):
        spec = part.observation
        if spec is None or not spec.checks:
            continue
        values = {q: float(a.value) for q, a in answers.items()
                  if a.status is AnswerStatus.ANSWERED and isinstance(a.value, (int, float))
                  and not isinstance(a.value, bool)}
        found += [i for c in spec.checks
                  if (i := _check(c, part, values, answers, file)) is not None]
    return found


def _check(check: Check, referentiel: Referentiel, values: Mapping[str, float],
           answers: Mapping[str, Answer], file: str | None) -> Issue | None:
    try:
        read = names(check.equals)
        if check.line not in values or any(n not in values for n in read):
            return None
        right = evaluate(check.equals, dict(values))
    except FormulaError:
        return None  # referentiel check reports it (OPP010)
    left = values[check.line]
    gap = left - right
    wrong = gap > check.tolerance if check.relation == "au_plus" \
        else abs(gap) > check.tolerance
    if not wrong:
        return None
    questions = referentiel.questions()
    spec = referentiel.observation
    assert spec is not None

    def label(question: str) -> str:
        return f"« {spec.name_of(question, questions[question].label)} »"

    def amount(value: float) -> str:
        money = questions[check.line].type is QuestionType.AMOUNT
        return f"{fr_number(value, 2)} €" if money else fr_number(value, 2)

    def cell(question: str) -> str:
        source = answers[question].source
        return f" ({source.cell})" if source is not None and source.cell else ""

    if len(read) == 1 and check.equals.strip() == read[0]:
        right_label = f"{label(read[0])}{cell(read[0])}"
    else:
        shown = check.equals
        for name in sorted(read, key=len, reverse=True):
            shown = shown.replace(name, label(name))
        right_label = shown.replace(" - ", " − ")
    answer = answers[check.line]
    source = answer.source
    issue = make_issue(Code.OPP_CHECK, file=file, question=check.line,
                       respondent=answer.respondent, sheet=source.sheet if source else None,
                       cell=source.cell if source else None, check=check.label,
                       left_label=label(check.line), left=amount(left),
                       left_cell=cell(check.line), right_label=right_label,
                       right=amount(right), gap=amount(abs(gap)), fix=check.fix,
                       raw=answer.raw)
    if check.severity == "erreur":
        issue = issue.model_copy(update={"severity": Severity.ERROR})
    return issue
