"""Typing an answer set into a questionnaire workbook, as the people answering would.

Cells are found the way the reader finds them (question ids in column A of
"Questionnaire", the id row of each grid, keys of "Identification" and "Évaluateur"),
never at fixed positions. Filling is split in two: :func:`plan_structure` and
:func:`plan_individual` say which value goes in which cell (pure), :func:`apply_cells`
types them into an openpyxl workbook. Option questions get their label (what the
drop-down offers), ticked choices an "X", percentages a fraction (the cells are
formatted as percentages), dates a ``date``; text is always text, even "=...".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from evalsoc.answers.model import Answer, AnswerSet, AnswerStatus
from evalsoc.excel import layout
from evalsoc.questionnaire.rules import NC_LABEL, NSP_LABEL
from evalsoc.referentiel.model import OptionMeaning, Question, QuestionType, Referentiel

__all__ = [
    "Cell",
    "CellValue",
    "GridPosition",
    "Positions",
    "apply_cells",
    "find_positions",
    "plan_individual",
    "plan_structure",
    "respondent_number",
]

CellValue = float | int | str | date
Kind = Literal["option", "status", "choice", "number", "percent", "date", "text", "ident",
               "evaluator"]


@dataclass(frozen=True)
class Cell:
    """One value to type: where, what, and what it answers (for human variations)."""

    sheet: str
    row: int
    col: int
    value: CellValue
    kind: Kind
    question: Question | None = None
    code: str | None = None  # the option code behind a label


@dataclass(frozen=True)
class GridPosition:
    sheet: str
    columns: dict[str, int]  # question or choice key -> column


@dataclass(frozen=True)
class Positions:
    """Where answers go in one kind of workbook (the same for every structure)."""

    questionnaire: dict[str, int] = field(default_factory=dict)
    grids: dict[str, GridPosition] = field(default_factory=dict)
    tables: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # diagnostics
    ident: dict[str, int] = field(default_factory=dict)
    evaluator: dict[str, int] = field(default_factory=dict)
    plan: dict[str, int] = field(default_factory=dict)  # « Plan d'action » row keys


def _keys(ws: Worksheet, col: int) -> dict[str, int]:
    found: dict[str, int] = {}
    for row, (value,) in enumerate(ws.iter_rows(min_col=col, max_col=col, values_only=True),
                                   start=1):
        if isinstance(value, str) and value.strip():
            found.setdefault(value.strip(), row)
    return found


def _grid(ws: Worksheet) -> GridPosition:
    """A grid's columns, found by the ids on its id row."""
    ids = next(ws.iter_rows(min_row=layout.GRID_ID_ROW, max_row=layout.GRID_ID_ROW,
                            values_only=True), ())
    return GridPosition(ws.title, {v.strip(): col for col, v in enumerate(ids, start=1)
                                   if isinstance(v, str) and v.strip()})


def find_positions(wb: Workbook) -> Positions:
    """The rows and columns of every answer cell of a workbook built by the writer."""
    meta = {str(k): str(v) for k, v in wb[layout.META_SHEET].iter_rows(
        min_col=1, max_col=2, values_only=True) if k}
    grids = {key[len(layout.SHEET_KEY_PREFIX):]: _grid(wb[sheet]) for key, sheet in meta.items()
             if key.startswith(layout.SHEET_KEY_PREFIX) and sheet in wb.sheetnames}
    names = wb.sheetnames
    tables = {key: cell for name, sheet in meta.items()
              if name.startswith(layout.TABLE_KEY_PREFIX) and sheet in names
              for key, cell in _table(wb[sheet]).items()}
    return Positions(
        questionnaire=_keys(wb[layout.QUESTIONNAIRE_SHEET], layout.ID_COL)
        if layout.QUESTIONNAIRE_SHEET in names else {},
        grids=grids,
        tables=tables,
        ident=_keys(wb[layout.IDENT_SHEET], layout.ID_COL) if layout.IDENT_SHEET in names
        else {},
        evaluator=_keys(wb[layout.EVALUATOR_SHEET], layout.ID_COL)
        if layout.EVALUATOR_SHEET in names else {},
        plan=_keys(wb[layout.PLAN_SHEET], layout.ID_COL) if layout.PLAN_SHEET in names
        else {})


def _table(ws: Worksheet) -> dict[str, tuple[str, int, int]]:
    """A diagnostic sheet's cells by question id: the first period (leftmost) is the
    reference one, whose questions carry the bare line id."""
    periods = next(ws.iter_rows(min_row=layout.TABLE_PERIOD_ROW,
                                max_row=layout.TABLE_PERIOD_ROW, values_only=True), ())
    columns = [(col, v.strip()[len(layout.TABLE_PERIOD_PREFIX):])
               for col, v in enumerate(periods, start=1)
               if isinstance(v, str) and v.strip().startswith(layout.TABLE_PERIOD_PREFIX)]
    found: dict[str, tuple[str, int, int]] = {}
    for line, row in _keys(ws, layout.ID_COL).items():
        if row <= layout.TABLE_PERIOD_ROW:
            continue
        for index, (col, period) in enumerate(columns):
            found[line if index == 0 else f"{line}_{period}"] = (ws.title, row, col)
    return found


def respondent_number(respondent: str) -> int | None:
    """"benevoles-007" -> 7: the grid row number a respondent id stands for."""
    match = re.search(r"-i?(\d+)$", respondent)
    return int(match.group(1)) if match else None


def _status_label(question: Question, ref: Referentiel, status: AnswerStatus) -> str:
    meaning = (OptionMeaning.NON_CONCERNE if status is AnswerStatus.NON_CONCERNE
               else OptionMeaning.NE_SAIT_PAS)
    for option in ref.options_of(question):
        if option.meaning is meaning:
            return option.label
    return NC_LABEL if status is AnswerStatus.NON_CONCERNE else NSP_LABEL


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


Locate = Callable[[str], tuple[str, int, int] | None]  # question or choice key -> cell


def _answer_cells(answer: Answer, question: Question, ref: Referentiel,
                  locate: Locate) -> list[Cell]:
    """The cells of one answer, wherever ``locate`` puts its question (or choice) keys."""
    def cell(key: str, value: CellValue, kind: Kind, code: str | None = None) -> list[Cell]:
        at = locate(key)
        return [] if at is None else [Cell(*at, value, kind, question, code)]

    if answer.status is not AnswerStatus.ANSWERED:
        return cell(question.id, _status_label(question, ref, answer.status), "status")
    value, kind = answer.value, question.type
    if kind is QuestionType.MULTIPLE_CHOICE and isinstance(value, tuple):
        return [c for code in value for c in cell(layout.choice_key(question.id, code),
                                                   layout.CHOICE_MARK, "choice", code)]
    if isinstance(value, float):
        if kind is QuestionType.PERCENT:
            return cell(question.id, value / 100, "percent")
        return cell(question.id, _number(value), "number")
    if not isinstance(value, str):
        return []
    if kind is QuestionType.DATE:
        return cell(question.id, date.fromisoformat(value), "date")
    if kind is QuestionType.TEXT:
        return cell(question.id, value, "text")
    label = next((o.label for o in ref.options_of(question) if o.code == value), value)
    return cell(question.id, label, "option", value)


def _ident_cells(answers: AnswerSet, pos: Positions) -> list[Cell]:
    info = answers.structure
    values = {"nom": info.name, **info.model_dump(exclude={"id", "name"})}
    cells = []
    for key, value in values.items():
        if value and key in pos.ident:
            typed: CellValue = date.fromisoformat(value) if key == "date" else value
            cells.append(Cell(layout.IDENT_SHEET, pos.ident[key], layout.IDENT_VALUE_COL,
                              typed, "ident"))
    return cells


def _evaluator_cells(answers: AnswerSet, ref: Referentiel, pos: Positions) -> list[Cell]:
    labels = {lv.code: lv.label for lv in ref.levels}
    cells = []
    for note in answers.evaluator:
        row = pos.evaluator.get(note.dimension)
        if row is None:
            continue
        if note.level is not None:
            cells.append(Cell(layout.EVALUATOR_SHEET, row, layout.EVALUATOR_LEVEL_COL,
                              labels[note.level], "evaluator", code=str(note.level)))
        if note.text:
            cells.append(Cell(layout.EVALUATOR_SHEET, row, layout.EVALUATOR_TEXT_COL,
                              note.text, "text"))
    return cells


def _plan_cells(answers: AnswerSet, pos: Positions) -> list[Cell]:
    """The board's plan, one action per row, and the shared analysis: last, so that
    the messy variations of every other cell stay the same."""
    cells = []
    for n, action in enumerate(answers.plan, start=1):
        row = pos.plan.get(f"{layout.PLAN_KEY_PREFIX}{n}")
        if row is None:
            continue
        values = (action.piste, action.responsable, _month(action.echeance),
                  action.indicateur, action.statut)
        cells += [Cell(layout.PLAN_SHEET, row, col, value, "text")
                  for col, value in enumerate(values, start=2) if value]
    row = pos.plan.get(layout.PLAN_ANALYSIS_KEY)
    if answers.analyse_partagee and row is not None:
        cells.append(Cell(layout.PLAN_SHEET, row, 2, answers.analyse_partagee, "text"))
    return cells


def _month(value: str | None) -> str | None:
    """« 2027-06 » as typed in a workbook: « 06/2027 »."""
    if value and len(value) == 7:
        return f"{value[5:]}/{value[:4]}"
    return value


def plan_structure(answers: AnswerSet, ref: Referentiel, pos: Positions,
                   individual: Iterable[str] = ()) -> list[Cell]:
    """Every cell of a structure's workbook; groups in ``individual`` are left out."""
    questions = ref.questions()
    groups = {r.id: r.group for r in answers.respondents}
    skipped = set(individual)
    cells = _ident_cells(answers, pos)
    for answer in answers.answers:
        group = groups[answer.respondent]
        if group == "structure":
            locate = _form_locator(pos)
        elif group in skipped or group not in pos.grids:
            continue
        else:
            locate = _grid_locator(pos.grids[group], respondent_number(answer.respondent))
        cells += _answer_cells(answer, questions[answer.question], ref, locate)
    return cells + _evaluator_cells(answers, ref, pos) + _plan_cells(answers, pos)


def _form_locator(pos: Positions) -> Locate:
    def locate(key: str) -> tuple[str, int, int] | None:
        row = pos.questionnaire.get(key)
        if row is None:
            return pos.tables.get(key)  # a diagnostic's line, on its own sheet
        return layout.QUESTIONNAIRE_SHEET, row, layout.ANSWER_COL
    return locate


def _grid_locator(grid: GridPosition, number: int | None) -> Locate:
    def locate(key: str) -> tuple[str, int, int] | None:
        col = grid.columns.get(key)
        if col is None or number is None:
            return None
        return grid.sheet, layout.GRID_FIRST_ROW + number - 1, col
    return locate


def plan_individual(answers: AnswerSet, ref: Referentiel, pos: Positions,
                    respondent: str) -> list[Cell]:
    """The cells of one respondent's own form (one row per question, like the structure)."""
    questions = ref.questions()
    locate = _form_locator(pos)
    return [cell for answer in answers.answers if answer.respondent == respondent
            for cell in _answer_cells(answer, questions[answer.question], ref, locate)]


def apply_cells(wb: Workbook, cells: Iterable[Cell]) -> None:
    """Type the values; text stays text, even when it starts with "=" (never a formula)."""
    sheets: dict[str, Worksheet] = {}
    for cell in cells:
        ws = sheets.get(cell.sheet)
        if ws is None:
            ws = sheets[cell.sheet] = wb[cell.sheet]
        target = ws.cell(cell.row, cell.col)
        target.value = cell.value
        if isinstance(cell.value, str):
            target.data_type = "s"
