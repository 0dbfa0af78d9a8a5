"""The « Glossaire » sheet: the terms of the questionnaires (ETP, EAC...) and their
meaning, when the référentiel declares a glossary."""

from __future__ import annotations

from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from evalsoc.questionnaire import styles
from evalsoc.questionnaire.book import Book, finish_sheet

__all__ = ["GLOSSARY_SHEET", "fill_glossary"]

GLOSSARY_SHEET = "Glossaire"
TERM_WIDTH = 22
DEFINITION_WIDTH = 80
_TOP = Alignment(wrap_text=True, vertical="top")


def fill_glossary(ws: Worksheet, book: Book) -> None:
    """One row per term, in the référentiel's order, under a title and a header row."""
    ws.column_dimensions["A"].width = TERM_WIDTH
    ws.column_dimensions["B"].width = DEFINITION_WIDTH
    ws.cell(1, 1, "Glossaire : les sigles et les termes des questionnaires").font = \
        styles.TITLE_FONT
    ws.row_dimensions[1].height = 24
    for column, text in enumerate(("Terme", "Signification"), start=1):
        cell = ws.cell(3, column, text)
        cell.font, cell.fill, cell.border = styles.BOLD, styles.HEADER_FILL, styles.BORDER
    for row, entry in enumerate(book.referentiel.glossary, start=4):
        term = ws.cell(row, 1, entry.term)
        term.font, term.alignment, term.border = styles.BOLD, _TOP, styles.BORDER
        definition = ws.cell(row, 2, entry.definition)
        definition.alignment, definition.border = _TOP, styles.BORDER
        ws.row_dimensions[row].height = styles.row_height(
            [styles.text_height(entry.definition, DEFINITION_WIDTH - 2)])
    ws.sheet_view.showGridLines = False
    finish_sheet(ws, book, landscape=False, title_rows="3:3", freeze="A4")
