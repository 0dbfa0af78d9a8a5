"""One answer cell to one Answer (or an issue), with its position and raw text kept."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from evalsoc.answers import Answer, AnswerStatus, CellRef
from evalsoc.catalogue import Code
from evalsoc.excel.cells import a1
from evalsoc.excel.reader import Cell, Sheet
from evalsoc.formatting import fr_number
from evalsoc.issues import Issue, make_issue
from evalsoc.normalize import canon, status_token
from evalsoc.referentiel.model import Question, QuestionType

__all__ = ["cell_answer", "choice_answer", "raw_text"]

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
                base: dict[str, str]) -> tuple[Answer | None, list[Issue]]:
    """The answer in one cell; None when empty or when the cell cannot be trusted."""
    value = sheet.value(row, col)
    marked = sheet.marks.formulas or sheet.marks.errors
    if not marked and (value is None or (isinstance(value, str) and not value.strip())):
        return None, []
    ref = a1(row, col)
    where = _where(base, sheet, ref, question, respondent)
    if marked and (trouble := _trouble(sheet, ref, where)):
        return None, [trouble]
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, []
    source = CellRef(file=base["file"], sheet=sheet.name, cell=ref)
    typed, issues = _typed(value, question, where)
    return Answer(question=question.id, respondent=respondent, raw=raw_text(value),
                  source=source, value=typed), issues


def _typed(value: Cell, question: Question, where: dict[str, str | None]
           ) -> tuple[float | str | None, list[Issue]]:
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
            return _percent(number, where)
        if question.type in (QuestionType.SCALE, QuestionType.SINGLE_CHOICE,
                             QuestionType.YESNO, QuestionType.TEXT):
            return raw_text(number), []
        return number, []
    return str(value), []


def _percent(number: float, where: dict[str, str | None]) -> tuple[float, list[Issue]]:
    """Percent cells hold fractions (35 % is 0.35); a bare 35 is read as 35 %, noted."""
    if 0 <= number <= 1:
        return round(number * 100, 9), []  # 0.29 * 100 is 28.999999999999996
    if 1 < number <= 100:
        issue = make_issue(Code.XL_PERCENT_READ, raw=raw_text(number),
                           value=fr_number(number, 2), **where)
        return number, [issue]
    return number, []


def choice_answer(sheet: Sheet, cells: list[tuple[str, int, int]], question: Question,
                  respondent: str, base: dict[str, str]) -> tuple[Answer | None, list[Issue]]:
    """A multiple-choice answer from one mark cell per option ("X" when chosen)."""
    chosen: list[str] = []
    issues: list[Issue] = []
    status: AnswerStatus | None = None
    seen: list[str] = []
    for code, row, col in cells:
        ref = a1(row, col)
        where = _where(base, sheet, ref, question, respondent)
        if trouble := _trouble(sheet, ref, where):
            issues.append(trouble)
            continue
        value = sheet.value(row, col)
        text = canon(raw_text(value)) if value is not None else ""
        if text:
            seen.append(f"{code}={raw_text(value)}")
        if text in _MARKED or value is True:
            chosen.append(code)
        elif (token := status_token(text)) is not None:
            status = token
        elif text not in _UNMARKED and value is not False:
            issues.append(make_issue(Code.XL_CHOICE_MARK, raw=raw_text(value), **where))
    if issues or not seen:
        return None, issues
    first = cells[0]
    source = CellRef(file=base["file"], sheet=sheet.name, cell=a1(first[1], first[2]))
    answer = Answer(question=question.id, respondent=respondent, raw="; ".join(seen),
                    source=source)
    if status is not None and not chosen:
        return answer.but(status=status), []
    return answer.but(value=tuple(chosen)), []
