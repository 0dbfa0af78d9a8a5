"""The "Questionnaire" sheet: one row per question of one group, grouped by dimension and
critère, answers in column D.

Heading rows (title, instructions, dimension, critère) leave column A empty: the reader
takes every non-empty cell of column A as a question id. A multiple-choice question has
a label row without id, then one row per option whose id is ``question:code``.
"""

from __future__ import annotations

from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from evalsoc.excel import layout
from evalsoc.questionnaire import styles
from evalsoc.questionnaire.book import Book, finish_sheet
from evalsoc.questionnaire.paging import keep_headings_with_next
from evalsoc.questionnaire.rules import choice_validation, expectation, question_validation
from evalsoc.referentiel.model import Dimension, Question, QuestionType

__all__ = ["HEADERS", "WIDTHS", "fill_questionnaire", "label_text"]

HEADERS = ("Identifiant", "Dimension", "Question", "Réponse", "Commentaire",
           "Réponses possibles / aide")
WIDTHS = {"A": 13, "B": 12, "C": 54, "D": 20, "E": 20, "F": 30}
_LAST = get_column_letter(len(HEADERS))
_LABEL_FONT = InlineFont(rFont=styles.FONT_NAME, sz=10)
_STAR_FONT = InlineFont(rFont=styles.FONT_NAME, sz=10, b=True, color=styles.color("B35900"))
_DESC_FONT = InlineFont(rFont=styles.FONT_NAME, sz=9, i=True, color=styles.color("595959"))
_INDENT = Alignment(wrap_text=True, vertical="top", indent=2)
_ID_ALIGN = Alignment(vertical="top", shrink_to_fit=True)


def label_text(question: Question) -> str:
    """The label as read on paper: unit, then a star when the answer is required."""
    unit = f" ({question.unit})" if question.unit and question.unit not in ("%", "€") else ""
    return f"{question.label}{unit}{' *' if question.required else ''}"


def _rich_label(question: Question) -> CellRichText:
    unit = f" ({question.unit})" if question.unit and question.unit not in ("%", "€") else ""
    parts: list[str | TextBlock] = [TextBlock(_LABEL_FONT, f"{question.label}{unit}")]
    if question.required:
        parts.append(TextBlock(_STAR_FONT, " *"))
    if question.description:
        parts.append(TextBlock(_DESC_FONT, f"\n{question.description}"))
    return CellRichText(parts)


class _Sheet:
    """Writes rows one after the other, collecting what applies to the whole sheet."""

    def __init__(self, ws: Worksheet, book: Book) -> None:
        self.ws, self.book, self.row = ws, book, layout.FIRST_ROW
        self.choice_dv: DataValidation | None = None
        self.headings: set[int] = set()

    def heading(self, text: str, dimension: bool) -> None:
        for column in range(1, len(HEADERS) + 1):
            cell = self.ws.cell(self.row, column)
            cell.fill = styles.DIMENSION_FILL if dimension else styles.CRITERE_FILL
        cell = self.ws.cell(self.row, 2, text)
        cell.font = styles.DIMENSION_FONT if dimension else styles.BOLD
        self.ws.row_dimensions[self.row].height = 20 if dimension else 16
        self.headings.add(self.row)
        self.row += 1

    def question(self, question: Question, dimension: Dimension) -> None:
        if question.type is QuestionType.MULTIPLE_CHOICE:
            self._multiple(question, dimension)
            return
        self._cells(question.id, dimension.label, _rich_label(question), question)
        answer = self.ws.cell(self.row, layout.ANSWER_COL)
        dv = question_validation(question, self.book.referentiel, self.book.lists,
                                 answer.coordinate)
        self.ws.add_data_validation(dv)
        dv.add(answer.coordinate)
        self._answer_style(question, answer.coordinate)
        self._comment()
        self.row += 1

    def _cells(self, qid: str, dim_label: str, label: CellRichText, question: Question) -> None:
        ws, row = self.ws, self.row
        ws.cell(row, layout.ID_COL, qid or None).font = styles.ID_FONT
        ws.cell(row, 2, dim_label).font = styles.HELP_FONT
        ws.cell(row, 3, label)
        expect = expectation(question, self.book.referentiel)
        ws.cell(row, 6, expect.accepted).font = styles.HELP_FONT
        for column in range(2, len(HEADERS) + 1):
            ws.cell(row, column).alignment = styles.WRAP
        ws.cell(row, layout.ID_COL).alignment = _ID_ALIGN
        label_height = styles.text_height(label_text(question), WIDTHS["C"]) + \
            styles.text_height(question.description, WIDTHS["C"], 9)
        ws.row_dimensions[row].height = styles.row_height(
            [label_height, styles.text_height(expect.accepted, WIDTHS["F"], 9),
             styles.text_height(dim_label, WIDTHS["B"], 9)], minimum=28)

    def _answer_style(self, question: Question, coordinate: str) -> None:
        cell = self.ws[coordinate]
        cell.protection, cell.border = styles.UNLOCKED, styles.BORDER
        cell.alignment = styles.WRAP
        cell.fill = styles.REQUIRED_FILL if question.required else styles.ANSWER_FILL
        expect = expectation(question, self.book.referentiel)
        if expect.number_format:
            cell.number_format = expect.number_format
        if question.required:
            self._required_rules(coordinate, f"LEN(TRIM({coordinate}))")

    def _required_rules(self, target: str, filled: str) -> None:
        rules = self.ws.conditional_formatting
        rules.add(target, styles.formula_rule(f"{filled}=0", styles.PENDING_FILL))
        rules.add(target, styles.formula_rule(f"{filled}>0", styles.ANSWERED_FILL))

    def _comment(self) -> None:
        cell = self.ws.cell(self.row, layout.COMMENT_COL)
        cell.protection, cell.border = styles.UNLOCKED, styles.BORDER
        cell.alignment, cell.number_format = styles.WRAP, "@"

    def _multiple(self, question: Question, dimension: Dimension) -> None:
        self._cells("", dimension.label, _rich_label(question), question)
        for column in (layout.ANSWER_COL, layout.COMMENT_COL):
            self.ws.cell(self.row, column).fill = styles.LOCKED_FILL
        self.row += 1
        first = self.row
        for option in self.book.referentiel.options_of(question):
            key = layout.choice_key(question.id, option.code)
            id_cell = self.ws.cell(self.row, layout.ID_COL, key)
            id_cell.font, id_cell.alignment = styles.ID_FONT, _ID_ALIGN
            label = self.ws.cell(self.row, 3, option.label)
            label.alignment, label.font = _INDENT, styles.NORMAL
            self._choice_cell(self.ws.cell(self.row, layout.ANSWER_COL).coordinate)
            if self.row == first:
                self._comment()
            self.row += 1
        if question.required:
            letter = get_column_letter(layout.ANSWER_COL)
            span = f"${letter}${first}:${letter}${self.row - 1}"
            self._required_rules(f"{letter}{first}:{letter}{self.row - 1}",
                                 f"COUNTIF({span},\"?*\")")

    def _choice_cell(self, coordinate: str) -> None:
        if self.choice_dv is None:
            self.choice_dv = choice_validation(self.book.lists)
            self.ws.add_data_validation(self.choice_dv)
        self.choice_dv.add(coordinate)
        cell = self.ws[coordinate]
        cell.protection, cell.border = styles.UNLOCKED, styles.BORDER
        cell.alignment = Alignment(horizontal="center", vertical="top")


def _header(ws: Worksheet, title: str, intro: str) -> None:
    ws.cell(1, 1, title).font = styles.TITLE_FONT
    ws.row_dimensions[1].height = 24
    ws.merge_cells(f"A2:{_LAST}2")
    ws.cell(2, 1, intro).alignment = styles.WRAP
    width = sum(WIDTHS.values())
    ws.row_dimensions[2].height = styles.row_height([styles.text_height(intro, width)])
    for column, text in enumerate(HEADERS, start=1):
        cell = ws.cell(layout.HEADER_ROW, column, text)
        cell.font, cell.fill, cell.border = styles.BOLD, styles.HEADER_FILL, styles.BORDER
        cell.alignment = Alignment(vertical="center", wrap_text=True)


INTRO = ("Répondez dans la colonne « Réponse » (cellules encadrées) ; une flèche signale une "
         "liste déroulante. Les questions marquées * sont obligatoires : leur cellule reste "
         "orangée tant qu'elle est vide et devient verte une fois remplie. Vous pouvez "
         "préciser une réponse dans « Commentaire ». Ne modifiez pas la colonne grise "
         "« Identifiant ».")


def fill_questionnaire(ws: Worksheet, book: Book, group: str, title: str) -> None:
    """Write the questions of ``group``, dimension by dimension (those a diagnostic's sheet
    asks, shared ones included, are asked there: once)."""
    styles.set_widths(ws, WIDTHS)
    _header(ws, title, INTRO)
    sheet = _Sheet(ws, book)
    elsewhere = book.referentiel.asked_on_tables()
    for dimension in book.referentiel.dimensions:
        criteres = [(c, [q for i in c.indicateurs for q in i.questions
                         if q.group == group and q.id not in elsewhere])
                    for c in dimension.criteres]
        if not any(questions for _, questions in criteres):
            continue
        sheet.heading(f"{dimension.id} — {dimension.label}", dimension=True)
        for critere, questions in criteres:
            if questions:
                sheet.heading(f"{critere.id} — {critere.label}", dimension=False)
            for question in questions:
                sheet.question(question, dimension)
    finish_sheet(ws, book, landscape=False, title_rows=f"${layout.HEADER_ROW}:"
                 f"${layout.HEADER_ROW}", freeze=f"B{layout.FIRST_ROW}")
    keep_headings_with_next(ws, sheet.headings, layout.FIRST_ROW, len(HEADERS),
                            layout.HEADER_ROW)
