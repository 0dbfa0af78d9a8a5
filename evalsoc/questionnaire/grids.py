"""Respondent grids: one sheet per group of respondents (bénévoles, publics...), one row
per person, one column per question (per option for multiple-choice questions).

Row 1 holds the title and the instructions (merged, no id), row ``GRID_LABEL_ROW`` the
labels, row ``GRID_ID_ROW`` the ids the reader looks for; column A numbers respondents.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from evalsoc.excel import layout
from evalsoc.questionnaire import styles
from evalsoc.questionnaire.book import Book, finish_sheet
from evalsoc.questionnaire.paging import pages_needed, print_scale
from evalsoc.questionnaire.questions import label_text
from evalsoc.questionnaire.rules import choice_validation, expectation, question_validation
from evalsoc.referentiel.model import Group, Question, QuestionType

__all__ = ["MIN_ROWS", "fill_grid", "grid_rows"]

MIN_ROWS = 10
ROW_HEIGHT = 18.0  # room to write by hand on a printed grid
_TITLE = InlineFont(rFont=styles.FONT_NAME, sz=14, b=True, color=styles.color("1F3A5F"))
_TEXT = InlineFont(rFont=styles.FONT_NAME, sz=10)
_LABEL = Alignment(wrap_text=True, vertical="bottom")
_CENTER = Alignment(horizontal="center", vertical="center")


@dataclass(frozen=True)
class _Column:
    key: str
    label: str
    question: Question
    choice: bool = False

    @property
    def width(self) -> float:
        if self.choice:
            return 14
        return 40 if self.question.type is QuestionType.TEXT else 20


def grid_rows(group: Group) -> int:
    """Room for twice the usual number of respondents, and never fewer than ten rows."""
    return max(MIN_ROWS, 2 * group.typical_respondents)


def _columns(book: Book, questions: list[Question]) -> list[_Column]:
    columns: list[_Column] = []
    for question in questions:
        if question.type is not QuestionType.MULTIPLE_CHOICE:
            columns.append(_Column(question.id, label_text(question), question))
            continue
        for option in book.referentiel.options_of(question):
            columns.append(_Column(layout.choice_key(question.id, option.code),
                                   f"{label_text(question)}\n→ {option.label}", question,
                                   choice=True))
    return columns


def _title(ws: Worksheet, group: Group, rows: int, last: str, width: float) -> None:
    intro = (f"Une ligne par personne interrogée ({rows} lignes numérotées), sans nom. "
             "Recopiez chaque questionnaire sur sa ligne ; choisissez les réponses dans les "
             "listes ; X pour cocher une case. Une ligne vide est ignorée. Les colonnes "
             "marquées * sont obligatoires.")
    ws.merge_cells(f"A1:{last}1")
    ws["A1"] = CellRichText([TextBlock(_TITLE, group.label), TextBlock(_TEXT, f"\n{intro}")])
    ws["A1"].alignment = styles.WRAP
    ws.row_dimensions[1].height = 20 + styles.row_height([styles.text_height(intro, width)])


def _labels(ws: Worksheet, columns: list[_Column]) -> None:
    ws.cell(layout.GRID_LABEL_ROW, 1, "N°").font = styles.BOLD
    for index, column in enumerate(columns, start=2):
        cell = ws.cell(layout.GRID_LABEL_ROW, index, column.label)
        cell.font, cell.fill, cell.alignment = styles.BOLD, styles.HEADER_FILL, _LABEL
        cell.border = styles.BORDER
        ws.cell(layout.GRID_ID_ROW, index, column.key).font = styles.ID_FONT
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.column_dimensions["A"].width = 6
    ws.row_dimensions[layout.GRID_LABEL_ROW].height = min(
        300, styles.row_height(
        [styles.text_height(c.label, c.width / 1.1) for c in columns]))


def _answer_column(ws: Worksheet, book: Book, column: _Column, index: int, rows: int,
                   choice_dv: DataValidation) -> None:
    letter = get_column_letter(index)
    first, last = layout.GRID_FIRST_ROW, layout.GRID_FIRST_ROW + rows - 1
    span = f"{letter}{first}:{letter}{last}"
    if column.choice:
        choice_dv.add(span)
    else:
        dv = question_validation(column.question, book.referentiel, book.lists,
                                 f"{letter}{first}")
        ws.add_data_validation(dv)
        dv.add(span)
    number_format = expectation(column.question, book.referentiel).number_format
    required = column.question.required
    for row in range(first, last + 1):
        cell = ws.cell(row, index)
        cell.protection, cell.border = styles.UNLOCKED, styles.BORDER
        cell.fill = styles.REQUIRED_FILL if required else styles.ANSWER_FILL
        cell.alignment = _CENTER if column.choice else styles.WRAP
        if number_format:
            cell.number_format = number_format
    if required and not column.choice:
        _required_rules(ws, span, letter, get_column_letter(ws.max_column))


def _required_rules(ws: Worksheet, span: str, letter: str, last: str) -> None:
    """Orange only once the row is started: an unused respondent row stays neutral."""
    row = layout.GRID_FIRST_ROW
    started = f"COUNTA($B{row}:${last}{row})>0"
    filled = f"LEN(TRIM({letter}{row}))"
    rules = ws.conditional_formatting
    rules.add(span, styles.formula_rule(f"AND({started},{filled}=0)", styles.PENDING_FILL))
    rules.add(span, styles.formula_rule(f"{filled}>0", styles.ANSWERED_FILL))


def fill_grid(ws: Worksheet, book: Book, group: Group, questions: list[Question]) -> None:
    columns = _columns(book, questions)
    rows = grid_rows(group)
    last = get_column_letter(len(columns) + 1)
    _title(ws, group, rows, last, 6 + sum(c.width for c in columns))
    _labels(ws, columns)
    choice_dv = choice_validation(book.lists)
    ws.add_data_validation(choice_dv)
    for row in range(rows):
        number = ws.cell(layout.GRID_FIRST_ROW + row, 1, row + 1)
        number.font, number.alignment = styles.BOLD, _CENTER
        ws.row_dimensions[layout.GRID_FIRST_ROW + row].height = ROW_HEIGHT
    for index, column in enumerate(columns, start=2):
        _answer_column(ws, book, column, index, rows, choice_dv)
    if not choice_dv.sqref:
        ws.data_validations.dataValidation.remove(choice_dv)
    finish_sheet(ws, book, landscape=True, title_rows=f"${layout.GRID_LABEL_ROW}:"
                 f"${layout.GRID_ID_ROW}", freeze=f"B{layout.GRID_FIRST_ROW}")
    fixed = sum(ws.row_dimensions[r].height or 15.0 for r in range(1, layout.GRID_FIRST_ROW))
    scale = print_scale(ws, len(columns) + 1, landscape=True)
    ws.page_setup.fitToHeight = pages_needed(rows, ROW_HEIGHT, fixed, scale)
