"""The sheets around the questions: "Lisez-moi", "Identification", "Évaluateur" and the
hidden metadata sheet."""

from __future__ import annotations

from datetime import date

from openpyxl.styles import Alignment
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from evalsoc.answers.model import StructureInfo
from evalsoc.answers.normalize import parse_date
from evalsoc.excel import layout
from evalsoc.questionnaire import styles
from evalsoc.questionnaire.book import Book, finish_sheet
from evalsoc.questionnaire.paging import keep_headings_with_next
from evalsoc.questionnaire.rules import list_validation
from evalsoc.questionnaire.texts import Paragraph

__all__ = ["fill_evaluator", "fill_identification", "fill_meta", "fill_readme"]

README_WIDTH = 88
_MIDDLE = Alignment(wrap_text=True, vertical="center")
DEPARTEMENTS = ("14", "50", "61")  # Calvados, Manche, Orne: others are accepted
TERRITOIRES = ("urbain", "urbain en environnement rural", "rural")
_FIELD_ATTR = {"structure_id": "id", "nom": "name"}
_HELP = {
    "structure_id": "Attribué par la structure qui accompagne l'évaluation ; ne le "
                    "modifiez pas.",
    "departement": "Numéro : 14 Calvados, 50 Manche, 61 Orne (un autre numéro est accepté).",
    "territoire": "Urbain, urbain en environnement rural ou rural.",
    "taille": "Par exemple « moins de 100 k€ », « 100 à 300 k€ », « plus de 300 k€ ».",
    "mode": "Auto-évaluation : vous remplissez vous-mêmes. Évaluation externe partagée : "
            "un évaluateur saisit et valide les données avec vous.",
    "consentement": "Nominative : une ligne à votre nom, et les chiffres d'ensemble. "
                    "Anonyme : les chiffres d'ensemble seulement, jamais une ligne à part. "
                    "Aucune : votre seule fiche ; aucun chiffre publié. Sans réponse : "
                    "aucune.",
    "date": "Au format jj/mm/aaaa.",
}


def _title(ws: Worksheet, title: str, intro: str, width: float) -> None:
    ws.cell(1, 1, title).font = styles.TITLE_FONT
    ws.row_dimensions[1].height = 24
    cell = ws.cell(2, 1, intro)
    cell.alignment = styles.WRAP
    ws.row_dimensions[2].height = styles.row_height([styles.text_height(intro, width)])


def fill_readme(ws: Worksheet, book: Book, title: str, paragraphs: list[Paragraph]) -> None:
    ws.column_dimensions["A"].width = README_WIDTH
    ws.cell(1, 1, title).font = styles.TITLE_FONT
    ws.row_dimensions[1].height = 26
    headings = {row for row, (kind, _) in enumerate(paragraphs, start=3) if kind == "h"}
    for row, (kind, text) in enumerate(paragraphs, start=3):
        shown = f"•  {text}" if kind == "li" else text
        cell = ws.cell(row, 1, shown)
        cell.font = styles.HEADING_FONT if kind == "h" else styles.NORMAL
        cell.alignment = Alignment(wrap_text=True, vertical="top",
                                   indent=1 if kind == "li" else 0)
        size = 11 if kind == "h" else 10
        height = styles.row_height([styles.text_height(shown, README_WIDTH - 3, size)])
        ws.row_dimensions[row].height = height + (10 if kind == "h" else 3)
    ws.sheet_view.showGridLines = False
    finish_sheet(ws, book, landscape=False, title_rows=None, freeze=None)
    keep_headings_with_next(ws, headings, 3, 1, repeated=None)


def _value(structure: StructureInfo | None, key: str) -> str | date | None:
    if structure is None:
        return None
    value = getattr(structure, _FIELD_ATTR.get(key, key), None)
    if key == "date" and value:
        return parse_date(value) or value
    return value or None


def _ident_validations(book: Book) -> dict[str, DataValidation]:
    lists = book.lists
    date_dv = DataValidation(type="date", operator="between", formula1="DATE(2000,1,1)",
                             formula2="DATE(2100,12,31)", allow_blank=True,
                             showInputMessage=True, showErrorMessage=True,
                             promptTitle="Date", prompt="Au format jj/mm/aaaa.",
                             errorTitle="Date attendue",
                             error="Saisissez une date au format jj/mm/aaaa, par exemple "
                                   "30/06/2025.")
    return {
        "mode": list_validation(lists, layout.MODES, "Mode d'évaluation", _HELP["mode"]),
        "consentement": list_validation(lists, layout.CONSENTS, "Publication",
                                        _HELP["consentement"]),
        "departement": list_validation(lists, DEPARTEMENTS, "Département",
                                       _HELP["departement"], error_style="information"),
        "territoire": list_validation(lists, TERRITOIRES, "Type de territoire",
                                      _HELP["territoire"], error_style="information"),
        "date": date_dv,
    }


IDENT_INTRO = ("Complétez ou corrigez les informations de la colonne « Votre réponse » ; "
               "l'identifiant de la structure, attribué par la structure qui vous "
               "accompagne, ne se modifie pas.")


def _header_row(ws: Worksheet, headers: tuple[str, ...]) -> None:
    for column, text in enumerate(headers, start=1):
        cell = ws.cell(layout.HEADER_ROW, column, text)
        cell.font, cell.fill, cell.border = styles.BOLD, styles.HEADER_FILL, styles.BORDER


def _ident_row(ws: Worksheet, row: int, key: str, label: str,
               structure: StructureInfo | None) -> str:
    """One identity field; returns the coordinate of its value cell."""
    ws.cell(row, layout.ID_COL, key).font = styles.ID_FONT
    ws.cell(row, 2, label).font = styles.BOLD
    value = ws.cell(row, layout.IDENT_VALUE_COL, _value(structure, key))
    value.border = styles.BORDER
    value.number_format = "DD/MM/YYYY" if key == "date" else "@"
    fixed = key == "structure_id" and value.value is not None  # the stable id stays as sent
    value.fill = styles.LOCKED_FILL if fixed else styles.ANSWER_FILL
    if not fixed:
        value.protection = styles.UNLOCKED
    ws.cell(row, 4, _HELP.get(key, "")).font = styles.HELP_FONT
    for column in range(1, 5):
        ws.cell(row, column).alignment = _MIDDLE
    ws.row_dimensions[row].height = styles.row_height(
        [styles.text_height(_HELP.get(key, ""), 60, 9)], minimum=18)
    return str(value.coordinate)


def fill_identification(ws: Worksheet, book: Book, structure: StructureInfo | None) -> None:
    styles.set_widths(ws, {"A": 13, "B": 30, "C": 40, "D": 60})
    _title(ws, "Identification de la structure", IDENT_INTRO, 140)
    ws.merge_cells("A2:D2")
    _header_row(ws, ("Clé", "Information", "Votre réponse", "Aide"))
    validations = _ident_validations(book)
    for dv in validations.values():
        ws.add_data_validation(dv)
    for row, (key, label) in enumerate(layout.IDENT_FIELDS, start=layout.FIRST_ROW):
        coordinate = _ident_row(ws, row, key, label, structure)
        if key in validations:
            validations[key].add(coordinate)
    finish_sheet(ws, book, landscape=False, title_rows=None,
                 freeze=f"A{layout.FIRST_ROW}")


EVALUATOR_INTRO = (
    "À remplir uniquement en « évaluation externe partagée », par l'évaluateur : pour "
    "chaque dimension, le niveau qu'il retient et son appréciation (points forts, points "
    "de vigilance). En auto-évaluation, laissez cet onglet vide.")


def fill_evaluator(ws: Worksheet, book: Book) -> None:
    styles.set_widths(ws, {"A": 11, "B": 30, "C": 22, "D": 72})
    levels = tuple(level.label for level in book.referentiel.levels)
    intro = f"{EVALUATOR_INTRO} Niveaux : {', '.join(levels)}."
    _title(ws, "Appréciation de l'évaluateur", intro, 130)
    ws.merge_cells("A2:D2")
    _header_row(ws, ("Dimension", "Libellé", "Niveau retenu", "Appréciation de l'évaluateur"))
    dv = list_validation(book.lists, levels, "Niveau retenu",
                         "Le niveau que l'évaluateur retient pour cette dimension.")
    ws.add_data_validation(dv)
    for row, dimension in enumerate(book.referentiel.dimensions, start=layout.FIRST_ROW):
        ws.cell(row, layout.ID_COL, dimension.id).font = styles.ID_FONT
        ws.cell(row, layout.ID_COL).alignment = styles.WRAP
        ws.cell(row, 2, dimension.label).alignment = styles.WRAP
        for column in (layout.EVALUATOR_LEVEL_COL, layout.EVALUATOR_TEXT_COL):
            answer = ws.cell(row, column)
            answer.protection, answer.border = styles.UNLOCKED, styles.BORDER
            answer.alignment, answer.number_format = styles.WRAP, "@"
        dv.add(ws.cell(row, layout.EVALUATOR_LEVEL_COL).coordinate)
        ws.row_dimensions[row].height = 62
    finish_sheet(ws, book, landscape=True, title_rows=f"${layout.HEADER_ROW}:"
                 f"${layout.HEADER_ROW}", freeze=f"A{layout.FIRST_ROW}")


def fill_meta(ws: Worksheet, values: dict[str, str]) -> None:
    """Key in column A, value in column B; every value is text."""
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 70
    for row, (key, value) in enumerate(values.items(), start=1):
        ws.cell(row, 1, key)
        ws.cell(row, 2, value).number_format = "@"
    ws.sheet_state = "hidden"
