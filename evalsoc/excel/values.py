"""One answer cell to one Answer (or an issue), with its position and raw text kept."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from evalsoc.answers.model import Answer, AnswerStatus, CellRef
from evalsoc.answers.normalize import (
    IssueSpec,
    Normalised,
    canon,
    memo_for,
    normalize_answer,
    normalize_value,
    remember,
    status_token,
)
from evalsoc.catalogue import Code
from evalsoc.excel.cells import a1
from evalsoc.excel.reader import Cell, Sheet
from evalsoc.issues import Issue, make_issue
from evalsoc.referentiel.model import Question, QuestionType, Referentiel
from evalsoc.support.formatting import fr_number
from evalsoc.support.text import is_blank

__all__ = ["cell_answer", "cell_key", "choice_answer", "raw_text"]

_MARKED = {"x", "oui", "1", "vrai", "true", "o", "yes", "✓", "✔"}
_UNMARKED = {"", "non", "0", "faux", "false", "n", "no", "-"}


def raw_text(value: Cell) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value)


def _where(base: dict[str, str], sheet: Sheet, ref: str, question: Question,
           respondent: str) -> dict[str, str | None]:
    return {**base, "sheet": sheet.name, "cell": ref, "question": question.id,
            "respondent": respondent}


def _trouble(sheet: Sheet, ref: str, where: dict[str, str | None]) -> Issue | None:
    if ref in sheet.marks.errors:
        return make_issue(Code.XL_ERROR_VALUE, raw=sheet.marks.errors[ref], **where)
    if ref in sheet.marks.formulas:
        return make_issue(Code.XL_FORMULA, raw=sheet.marks.formulas[ref], **where)
    return None


def cell_answer(sheet: Sheet, row: int, col: int, question: Question, respondent: str,
                base: dict[str, str], referentiel: Referentiel
                ) -> tuple[Answer | None, list[Issue]]:
    """The normalised answer in one cell; None when empty, refused (the issues say why)
    or when the cell cannot be trusted. Converted once per distinct value and question
    (this runs for every answer cell of a batch: it is kept lean)."""
    rows = sheet.rows
    cells = rows[row - 1] if row <= len(rows) else ()
    value = cells[col - 1] if col <= len(cells) else None
    blank = value is None or (value.__class__ is str and is_blank(value))
    marks = sheet.marks
    if marks.formulas or marks.errors:
        ref = a1(row, col)
        if trouble := _trouble(sheet, ref, _where(base, sheet, ref, question, respondent)):
            return None, [trouble]
    if blank:
        return None, []
    outcome = _cell_outcome(value, question, referentiel)
    ref = a1(row, col)
    issues = (outcome.issues_at(_where(base, sheet, ref, question, respondent))
              if outcome.issues else [])
    if not outcome.keep:
        return None, issues
    return Answer(question.id, respondent, outcome.value, outcome.status, outcome.raw, None,
                  CellRef(base["file"], sheet.name, ref)), issues


def cell_key(question: Question, value: Cell) -> tuple[Any, ...]:
    """The key under which a cell value's outcome for ``question`` is remembered: the
    question and the text for a text (most cells; the reader's hot loop builds this key
    itself), the question, the type and the value otherwise (True, 1 and 1.0 are equal
    keys in a dict, and different answers)."""
    if value.__class__ is str:
        return (question.id, value)
    return ("cell", question.id, value.__class__, value)


def _cell_outcome(value: Cell, question: Question, referentiel: Referentiel) -> Normalised:
    memo = memo_for(referentiel)
    key = cell_key(question, value)
    found = memo.get(key)
    known = referentiel.questions().get(question.id) is question
    if found is not None and known:
        return found
    raw = raw_text(value)
    typed, first = _typed(value, question)
    then = normalize_value(typed, raw, question, referentiel, cached=False)
    outcome = Normalised(then.keep, then.value, then.status, raw,
                         (*first, *then.issues) if first else then.issues)
    return remember(memo, key, outcome) if known else outcome


def _typed(value: Cell, question: Question) -> tuple[float | str | None, list[IssueSpec]]:
    if isinstance(value, bool):
        return ("oui" if value else "non"), []
    if isinstance(value, (datetime, date)):
        day = value.date() if isinstance(value, datetime) else value
        return day.isoformat(), []
    if isinstance(value, (time, timedelta)):
        return str(value), []
    if isinstance(value, (int, float)):
        number = float(value)
        if question.type is QuestionType.PERCENT:
            return _percent(number)
        if question.type in (QuestionType.SCALE, QuestionType.SINGLE_CHOICE,
                             QuestionType.YESNO, QuestionType.TEXT):
            return raw_text(number), []
        return number, []
    return str(value), []


def _percent(number: float) -> tuple[float, list[IssueSpec]]:
    """Percent cells hold fractions (35 % is 0.35); a bare 35 is read as 35 %, noted."""
    if 0 <= number <= 1:
        return round(number * 100, 9), []  # 0.29 * 100 is 28.999999999999996
    if 1 < number <= 100:
        return number, [(Code.XL_PERCENT_READ, (("raw", raw_text(number)),
                                                ("value", fr_number(number, 2))))]
    return number, []


def choice_answer(sheet: Sheet, cells: list[tuple[str, int, int]], question: Question,
                  respondent: str, base: dict[str, str], referentiel: Referentiel
                  ) -> tuple[Answer | None, list[Issue]]:
    """A multiple-choice answer from one mark cell per option ("X" when chosen),
    normalised; worked out once per question and marks met without any issue."""
    if sheet.marks.formulas or sheet.marks.errors:
        return _choice_answer(sheet, cells, question, respondent, base, referentiel)
    values = tuple([sheet.value(row, col) for _, row, col in cells])
    key = ("choice", question.id, tuple([v.__class__ for v in values]), values)
    memo = memo_for(referentiel)
    known = memo.get(key)
    if known is None:
        answer, issues = _choice_answer(sheet, cells, question, respondent, base,
                                        referentiel)
        if not issues and referentiel.questions().get(question.id) is question:
            remember(memo, key, _NOT_KEPT if answer is None else Normalised(
                True, answer.value, answer.status, answer.raw))
        return answer, issues
    if not known.keep:
        return None, []
    first = cells[0]
    return Answer(question.id, respondent, known.value, known.status, known.raw, None,
                  CellRef(base["file"], sheet.name, a1(first[1], first[2]))), []


_NOT_KEPT = Normalised(keep=False)


def _choice_answer(sheet: Sheet, cells: list[tuple[str, int, int]], question: Question,
                   respondent: str, base: dict[str, str], referentiel: Referentiel
                   ) -> tuple[Answer | None, list[Issue]]:
    chosen: list[str] = []
    issues: list[Issue] = []
    status: AnswerStatus | None = None
    seen: list[str] = []
    marked = bool(sheet.marks.formulas or sheet.marks.errors)
    for code, row, col in cells:
        if marked:
            ref = a1(row, col)
            if trouble := _trouble(sheet, ref, _where(base, sheet, ref, question, respondent)):
                issues.append(trouble)
                continue
        value = sheet.value(row, col)
        if value is None or (value.__class__ is str and is_blank(value)):
            continue  # an empty option cell: not chosen
        text = canon(raw_text(value))
        if text:
            seen.append(f"{code}={raw_text(value)}")
        if text in _MARKED or value is True:
            chosen.append(code)
        elif (token := status_token(text)) is not None:
            status = token
        elif text not in _UNMARKED and value is not False:
            ref = a1(row, col)
            issues.append(make_issue(Code.XL_CHOICE_MARK, raw=raw_text(value),
                                     **_where(base, sheet, ref, question, respondent)))
    if issues or not seen:
        return None, issues
    first = cells[0]
    source = CellRef(file=base["file"], sheet=sheet.name, cell=a1(first[1], first[2]))
    answer = Answer(question=question.id, respondent=respondent, raw="; ".join(seen),
                    source=source)
    if status is not None and not chosen:
        return normalize_answer(answer.but(status=status), question, referentiel)
    return normalize_answer(answer.but(value=tuple(chosen)), question, referentiel)
