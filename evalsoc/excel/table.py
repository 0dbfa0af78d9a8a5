"""A diagnostic's sheet read back: where each line and each period is, never by position.

Periods are found by the period row (cells ``periode:n``, among the first rows), lines by
their id in column A: a row inserted, a column moved, and the answers are still found.
A line no longer there is said (FIN011), and so is a sheet whose period row is gone
(FIN010); a line twice, the second one (XL024). The values themselves are read like any
answer cell (:func:`evalsoc.excel.extract.extract`), and the comment column beside the
periods is each line's comment (on its reference-period question).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from evalsoc.answers.model import CellRef, Comment
from evalsoc.catalogue import Code
from evalsoc.excel import layout
from evalsoc.excel.cells import a1
from evalsoc.excel.reader import Sheet
from evalsoc.excel.values import raw_text
from evalsoc.issues import Issue, make_issue
from evalsoc.referentiel.diagnostic import Diagnostic
from evalsoc.referentiel.model import Question, Referentiel
from evalsoc.support.cache import IdentityCache
from evalsoc.support.text import BLANKS

__all__ = ["TableLayout", "locate", "questionnaire_questions", "table_comments",
           "table_questions"]

SEARCHED_ROWS = 15


@dataclass
class TableLayout:
    """Where a diagnostic's answers are in its sheet."""

    positions: dict[str, tuple[int, int]] = field(default_factory=dict)  # question -> cell
    rows: dict[str, int] = field(default_factory=dict)  # line -> row
    comment_col: int = 0
    issues: list[Issue] = field(default_factory=list)
    found: bool = True  # the period row was found


_QUESTIONS: IdentityCache[Referentiel, dict[str, Question]] = IdentityCache(64)


def table_questions(part: Referentiel) -> dict[str, Question]:
    """The questions a diagnostic part asks on its sheet (the same dict for every
    workbook: the reader's plans are cached by it)."""
    return _QUESTIONS.get(part, lambda p: {q: p.questions()[q] for q in p.asked_on_tables()})


_ELSEWHERE: IdentityCache[Referentiel, dict[str, Question]] = IdentityCache(64)


def questionnaire_questions(ref: Referentiel, group: str) -> dict[str, Question]:
    """The questions of ``group`` asked on « Questionnaire »: all of them, but those a
    diagnostic's sheet asks (the very dict of the référentiel when there are none)."""
    on_tables = ref.asked_on_tables()
    if not on_tables or group != "structure":
        return ref.questions_of(group)
    return _ELSEWHERE.get(ref, lambda r: {k: q for k, q in r.questions_of(group).items()
                                          if k not in on_tables})


def _period_row(sheet: Sheet, periods: tuple[str, ...]) -> tuple[int | None, dict[str, int]]:
    wanted = {f"{layout.TABLE_PERIOD_PREFIX}{p}": p for p in periods}
    best: tuple[int | None, dict[str, int]] = (None, {})
    order = [layout.TABLE_PERIOD_ROW, *range(1, SEARCHED_ROWS + 1)]
    for row in order:
        if row > len(sheet.rows):
            continue
        columns: dict[str, int] = {}
        for col, value in enumerate(sheet.rows[row - 1], start=1):
            if isinstance(value, str) and (period := wanted.get(value.strip())) is not None:
                columns.setdefault(period, col)
        if len(columns) > len(best[1]):
            best = (row, columns)
        if len(columns) == len(wanted):
            break
    return best


def locate(sheet: Sheet, diagnostic: Diagnostic, base: dict[str, str]) -> TableLayout:
    """The cell of every question of the diagnostic in ``sheet``, and what is missing."""
    out = TableLayout()
    periods = diagnostic.period_ids()
    period_row, columns = _period_row(sheet, periods)
    if period_row is None or not columns:
        expected = ", ".join(f"{layout.TABLE_PERIOD_PREFIX}{p}" for p in periods)
        out.issues.append(make_issue(Code.FIN_NO_PERIOD_ROW, sheet=sheet.name,
                                     expected=expected, **base))
        out.found = False
        return out
    lines = {line.id: line for line in diagnostic.asked_lines()}
    for row in range(period_row + 1, len(sheet.rows) + 1):
        cells = sheet.rows[row - 1]
        key = cells[0] if cells else None
        if not isinstance(key, str) or (ident := key.strip()) not in lines:
            continue
        if ident in out.rows:
            out.issues.append(make_issue(
                Code.XL_DUPLICATE_QUESTION, sheet=sheet.name, cell=a1(row, 1),
                question=ident, other=a1(out.rows[ident], 1), **base))
            continue
        out.rows[ident] = row
    for ident, line in lines.items():
        if ident not in out.rows:
            out.issues.append(make_issue(Code.FIN_MISSING_LINE, sheet=sheet.name, line=ident,
                                         label=line.label, **base))
            continue
        for period, col in columns.items():
            if diagnostic.asks(line, period):
                out.positions[diagnostic.question_id(ident, period)] = (out.rows[ident], col)
    out.comment_col = max(columns.values()) + 1
    return out


def table_comments(sheet: Sheet, found: TableLayout, diagnostic: Diagnostic,
                   respondent: str, base: dict[str, str]) -> tuple[list[Comment], list[Issue]]:
    """What the treasurer wrote beside each line (on its reference-period question)."""
    comments: list[Comment] = []
    issues: list[Issue] = []
    reference = diagnostic.period_ids()[0]
    marks = sheet.marks
    for line, row in found.rows.items():
        cell = a1(row, found.comment_col)
        question = diagnostic.question_id(line, reference)
        mark = marks.formulas.get(cell) or marks.errors.get(cell)
        if mark is not None:
            issues.append(make_issue(Code.XL_COMMENT_FORMULA, sheet=sheet.name, cell=cell,
                                     raw=mark, question=question, respondent=respondent,
                                     **base))
            continue
        value = sheet.value(row, found.comment_col)
        if value is None or value == "":
            continue
        text = raw_text(value)
        if text.strip(BLANKS):
            comments.append(Comment(question=question, respondent=respondent, text=text,
                                    source=CellRef(base["file"], sheet.name, cell)))
    return comments, issues
