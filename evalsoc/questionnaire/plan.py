"""The « Plan d'action » sheet of a structure's questionnaire: the pistes the board
chose (piste, who carries it, deadline, follow-up indicator, status, one per row) and the
analysis shared with the board or the consultant. Read back by
:mod:`evalsoc.excel.plan`; optional for the reader (older workbooks have none).
"""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from evalsoc.excel import layout
from evalsoc.questionnaire import styles
from evalsoc.questionnaire.book import Book, finish_sheet
from evalsoc.questionnaire.rules import list_validation

__all__ = ["PLAN_INTRO", "fill_plan"]

PLAN_INTRO = (
    "À remplir par le conseil d'administration (avec le consultant s'il y en a un), après "
    "la lecture des résultats : les pistes d'action retenues, une par ligne, avec qui la "
    "porte, son échéance (une date, 30/06/2027, ou un mois, 06/2027), l'indicateur qui "
    "dira si elle avance et son statut. Puis, en bas, l'analyse partagée des résultats. "
    "Tout est facultatif : la fiche de la structure reprend ce qui est écrit ici.")
HEADERS = ("N°", "Piste d'action retenue", "Responsable", "Échéance",
           "Indicateur de suivi", "Statut")


def fill_plan(ws: Worksheet, book: Book) -> None:
    styles.set_widths(ws, {"A": 9, "B": 46, "C": 20, "D": 13, "E": 32, "F": 14})
    ws.cell(1, 1, "Plan d'action et analyse partagée").font = styles.TITLE_FONT
    ws.row_dimensions[1].height = 24
    intro = ws.cell(2, 1, PLAN_INTRO)
    intro.alignment = styles.WRAP
    ws.merge_cells("A2:F2")
    ws.row_dimensions[2].height = styles.row_height([styles.text_height(PLAN_INTRO, 130)])
    for column, text in enumerate(HEADERS, start=1):
        head = ws.cell(layout.HEADER_ROW, column, text)
        head.font, head.fill, head.border = styles.BOLD, styles.HEADER_FILL, styles.BORDER
    status = list_validation(book.lists, layout.PLAN_STATUSES, "Statut",
                             "Où en est cette piste ?")
    ws.add_data_validation(status)
    first = layout.FIRST_ROW
    for n in range(1, layout.PLAN_ROWS + 1):
        row = first + n - 1
        ws.cell(row, layout.ID_COL, f"{layout.PLAN_KEY_PREFIX}{n}").font = styles.ID_FONT
        for column in range(2, 2 + len(layout.PLAN_COLUMNS)):
            answer = ws.cell(row, column)
            answer.protection, answer.border = styles.UNLOCKED, styles.BORDER
            answer.alignment, answer.number_format = styles.WRAP, "@"
        status.add(ws.cell(row, 6).coordinate)
        ws.row_dimensions[row].height = 30
    label_row = first + layout.PLAN_ROWS + 1
    ws.cell(label_row, 2, "Analyse partagée").font = styles.BOLD
    ws.cell(label_row, 3, "ce que le conseil et le consultant retiennent des résultats, "
                          "en quelques phrases").alignment = styles.WRAP
    ws.merge_cells(start_row=label_row, start_column=3, end_row=label_row, end_column=6)
    row = label_row + 1
    ws.cell(row, layout.ID_COL, layout.PLAN_ANALYSIS_KEY).font = styles.ID_FONT
    ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=6)
    box = ws.cell(row, 2)
    box.protection, box.alignment, box.number_format = styles.UNLOCKED, styles.WRAP, "@"
    for column in range(2, 7):
        ws.cell(row, column).border = styles.BORDER
    ws.row_dimensions[row].height = 160
    finish_sheet(ws, book, landscape=True, title_rows=f"${layout.HEADER_ROW}:"
                 f"${layout.HEADER_ROW}", freeze=f"A{first}")
