"""Accounts checked against themselves: totals recomputed, each gap an issue at its cell.

A diagnostic asks totals as the documents show them (total des produits, total du bilan)
*and* their lines. Its ``checks`` recompute each total from its lines, and compare what
must agree (the bilan balances, the funders add up to the subsidies line): a gap beyond
the tolerance is an issue at the total's cell (FIN020), with both figures and what to
do. Nothing is corrected: which figure is wrong is the treasurer's call. A check whose
lines are not all given is not made (the ratios that read them say why they have no
value); a part of the accounts filled in only partly is said once (FIN021), and a period
left empty too (FIN022).
"""

from __future__ import annotations

from evalsoc.answers.model import Answer, AnswerSet, AnswerStatus
from evalsoc.answers.observed import observation_issues
from evalsoc.catalogue import Code
from evalsoc.issues import Issue, Severity, make_issue
from evalsoc.referentiel.diagnostic import Check, Diagnostic, Line
from evalsoc.referentiel.expression import evaluate, names
from evalsoc.referentiel.formula import FormulaError
from evalsoc.referentiel.model import QuestionType, Referentiel
from evalsoc.support.formatting import fr_number

__all__ = ["consistency_issues"]


def consistency_issues(answer_set: AnswerSet, referentiel: Referentiel,
                       file: str | None = None) -> list[Issue]:
    """Every inconsistency of the accounts of each diagnostic part."""
    single = {r.id for r in answer_set.respondents
              if (g := referentiel.group(r.group)) is not None and not g.multiple}
    answers = {a.question: a for a in answer_set.answers if a.respondent in single}
    issues: list[Issue] = []
    for part in referentiel.diagnostics():
        assert part.diagnostic is not None
        issues += _Accounts(part.diagnostic, answers, file).issues()
    issues += observation_issues(answers, referentiel, file)  # an observation's « dont »
    return issues


class _Accounts:
    def __init__(self, diagnostic: Diagnostic, answers: dict[str, Answer],
                 file: str | None) -> None:
        self.diagnostic, self.answers, self.file = diagnostic, answers, file
        self.lines = {line.id: line for line in diagnostic.asked_lines()}
        self.labels = {p.id: p.label for p in diagnostic.periods}

    def answer(self, line: str, period: str) -> Answer | None:
        return self.answers.get(self.diagnostic.question_id(line, period))

    def values(self, period: str) -> dict[str, float]:
        found: dict[str, float] = {}
        for line in self.lines:
            answer = self.answer(line, period)
            if answer is not None and answer.status is AnswerStatus.ANSWERED and isinstance(
                    answer.value, float):
                found[line] = answer.value
        return found

    def issues(self) -> list[Issue]:
        found: list[Issue] = []
        periods = self.diagnostic.period_ids()
        given = {p: self._given(p) for p in periods}
        for period in periods:
            if not given[period]:
                if any(given.values()):
                    found.append(self._issue(Code.FIN_PERIOD_EMPTY, None, period,
                                             sheet=self.diagnostic.sheet))
                continue
            found += self._blanks(period)
            values = self.values(period)
            found += [i for c in self.diagnostic.checks
                      if (i := self._check(c, period, values)) is not None]
        return found

    def _counted(self, line: Line, period: str) -> bool:
        return (self.diagnostic.asks(line, period) and not line.same_as
                and line.type is not QuestionType.DATE)

    def _given(self, period: str) -> bool:
        return any(self.answer(line.id, period) is not None for line in self.lines.values()
                   if self._counted(line, period))

    def _blanks(self, period: str) -> list[Issue]:
        found: list[Issue] = []
        for section in self.diagnostic.sections:
            lines = [line for line in section.lines if self._counted(line, period)]
            blank = [line for line in lines if self.answer(line.id, period) is None
                     and not self._required(line, period)]
            if blank and len(blank) < len(lines):
                shown = ", ".join(f"« {line.label} »" for line in blank[:6])
                more = f" et {len(blank) - 6} autre(s)" if len(blank) > 6 else ""
                found.append(self._issue(Code.FIN_BLANK_LINES, blank[0].id, period,
                                         section=section.label, count=len(blank),
                                         lines=shown + more))
        return found

    def _required(self, line: Line, period: str) -> bool:
        question = line.use if line.use is not None else line
        return bool(question.required) and period == self.diagnostic.period_ids()[0]

    def _check(self, check: Check, period: str, values: dict[str, float]) -> Issue | None:
        try:
            read = names(check.equals)
        except FormulaError:
            return None  # referentiel check reports it
        if check.line not in values or any(n not in values for n in read):
            return None
        left = values[check.line]
        try:
            right = evaluate(check.equals, values)
        except FormulaError:
            return None
        gap = left - right
        wrong = gap > check.tolerance if check.relation == "au_plus" \
            else abs(gap) > check.tolerance
        if not wrong:
            return None
        return self._issue(
            Code.FIN_CHECK, check.line, period, severity=check.severity, check=check.label,
            left_label=f"« {self._label(check.line)} »", left=self._amount(check.line, left),
            left_cell=self._cell(check.line, period),
            right_label=self._right(check.equals, read, period),
            right=self._amount(check.line, right),
            gap=self._amount(check.line, abs(gap)),
            tolerance=self._amount(check.line, check.tolerance), fix=check.fix)

    def _label(self, line: str) -> str:
        found = self.lines.get(line)
        return found.label if found else line

    def _amount(self, line: str, value: float) -> str:
        found = self.lines.get(line)
        amount = found is None or (found.use.type if found.use else found.type
                                   ) is QuestionType.AMOUNT
        return f"{fr_number(value, 2)} €" if amount else fr_number(value, 2)

    def _cell(self, line: str, period: str) -> str:
        answer = self.answer(line, period)
        if answer is None or answer.source is None or not answer.source.cell:
            return ""
        return f" ({answer.source.cell})"

    def _right(self, expression: str, read: list[str], period: str) -> str:
        """The other side in the treasurer's words: a line, the sum of lines, or the
        expression with each line's label."""
        if len(read) == 1 and expression.strip() == read[0]:
            return f"« {self._label(read[0])} »{self._cell(read[0], period)}"
        if len(read) > 2 and all(part.strip() in read for part in expression.split("+")):
            return (f"la somme des {len(read)} lignes de « {self._label(read[0])} » à "
                    f"« {self._label(read[-1])} »")
        shown = expression
        for name in sorted(read, key=len, reverse=True):
            shown = shown.replace(name, f"« {self._label(name)} »")
        return shown.replace(" - ", " − ")

    def _issue(self, code: Code, line: str | None, period: str, *,
               severity: str = "erreur", sheet: str | None = None,
               **fields: object) -> Issue:
        question = self.diagnostic.question_id(line, period) if line else None
        answer = self.answers.get(question) if question else None
        source = answer.source if answer is not None else None
        issue = make_issue(code, file=self.file, question=question,
                           respondent=answer.respondent if answer else
                           ("structure" if question else None),
                           sheet=source.sheet if source else sheet,
                           cell=source.cell if source else None,
                           period=self.labels.get(period, period), **fields)
        if code is Code.FIN_CHECK and severity == "avertissement":
            issue = issue.model_copy(update={"severity": Severity.WARNING})
        return issue
