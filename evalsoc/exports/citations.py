"""The workbook in which a consultant selects the quotes to publish (``evalsoc citations
exporter``): every free text of a campaign, one row each, with its structure, the
structure's consent and where the quote may appear, and a « publier » column (oui/non,
a drop-down list) beside an optional « texte_retenu » (the text to print, shortened or
anonymised). Every other column is locked (the sheet is protected without a password):
they are what the import checks the row against (:mod:`evalsoc.exports.citations_read`).
Texts are always written as text, never as formulas.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import xlsxwriter

from evalsoc.referentiel.model import Referentiel
from evalsoc.store.quotes import FreeText
from evalsoc.structures.consent import ANONYMOUS, NAMED
from evalsoc.support.files import atomic_write

__all__ = ["COLUMNS", "EDITABLE", "REACH", "SHEET", "citation_rows", "citations_workbook",
           "write_citations"]

SHEET = "Citations"
COLUMNS = ("campagne", "structure", "nom", "consentement", "diffusion", "groupe",
           "repondant", "question", "libelle", "nature", "onglet", "cellule", "texte",
           "publier", "texte_retenu")
EDITABLE = ("publier", "texte_retenu")
REACH = {NAMED: "synthèse sous son nom, et sa fiche",
         ANONYMOUS: "synthèse sans son nom, et sa fiche"}
FICHE_ONLY = "sa fiche seulement (pas d'accord de publication)"
_WIDTHS = {"texte": 70, "texte_retenu": 50, "libelle": 40, "diffusion": 30, "nom": 26,
           "publier": 10}
_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False, "in_memory": True}
_GUIDE = (
    "Choisir les citations à publier",
    "",
    "Une ligne par texte libre de la campagne : réponses aux questions ouvertes et "
    "commentaires écrits à côté des réponses, de la structure et de ses répondants.",
    "1. Dans la colonne « publier », choisissez « oui » pour chaque citation à publier "
    "(« non » ou vide : elle n'est pas publiée).",
    "2. Pour raccourcir ou anonymiser un texte, écrivez la version à imprimer dans "
    "« texte_retenu » ; ne modifiez jamais la colonne « texte ».",
    "3. Enregistrez le classeur (.xlsx), puis : evalsoc citations importer --campagne "
    "NOM citations.xlsx",
    "",
    "Ce que permet le consentement de chaque structure (colonne « diffusion ») :",
    "- nominative : la citation peut paraître dans la synthèse sous le nom de la structure ;",
    "- anonyme : dans la synthèse sans nom, et seulement si le texte ne nomme aucune "
    "structure ni sa commune ;",
    "- aucune : jamais dans la synthèse ; seulement sur la fiche de la structure.",
    "",
    "Un nouvel import remplace toute la sélection précédente de la campagne.",
)


def citation_rows(campaign: str, texts: Sequence[FreeText], referentiel: Referentiel,
                  consents: Mapping[str, str], names: Mapping[str, str]
                  ) -> list[dict[str, str]]:
    """One row per free text, in the order of the structures, then of the questions."""
    questions = referentiel.questions()
    order = {q: i for i, q in enumerate(questions)}
    ranked = sorted(texts, key=lambda t: (t.structure_id, t.nature != "réponse",
                                          order.get(t.question, len(order)), t.respondent))
    rows = []
    for t in ranked:
        consent = consents.get(t.structure_id, "aucune")
        question = questions.get(t.question)
        rows.append({"campagne": campaign, "structure": t.structure_id,
                     "nom": names.get(t.structure_id, ""), "consentement": consent,
                     "diffusion": REACH.get(consent, FICHE_ONLY), "groupe": t.groupe,
                     "repondant": t.respondent, "question": t.question,
                     "libelle": question.label if question else t.question,
                     "nature": t.nature, "onglet": t.sheet, "cellule": t.cell,
                     "texte": t.text, "publier": "", "texte_retenu": ""})
    return rows


def _guide(book: Any, bold: Any, wrap: Any) -> None:
    sheet = book.add_worksheet("Mode d'emploi")
    sheet.set_column(0, 0, 110, wrap)
    for n, line in enumerate(_GUIDE):
        sheet.write_string(n, 0, line, bold if n == 0 else wrap)


def citations_workbook(rows: Sequence[Mapping[str, str]]) -> bytes:
    """The workbook as bytes (see the module docstring)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, _OPTIONS)
    head = book.add_format({"bold": True, "bg_color": "#DDE6F0", "border": 1, "locked": True})
    locked = book.add_format({"text_wrap": True, "valign": "top", "locked": True})
    free = book.add_format({"text_wrap": True, "valign": "top", "locked": False,
                            "bg_color": "#FFF7D6", "border": 1})
    sheet = book.add_worksheet(SHEET)
    for col, column in enumerate(COLUMNS):
        sheet.write_string(0, col, column, head)
        fmt = free if column in EDITABLE else locked
        sheet.set_column(col, col, _WIDTHS.get(column, 14), fmt)
    for n, row in enumerate(rows, start=1):
        for col, column in enumerate(COLUMNS):
            fmt = free if column in EDITABLE else locked
            sheet.write_string(n, col, str(row.get(column, "")), fmt)
    last = max(len(rows), 1)
    publish = COLUMNS.index("publier")
    sheet.data_validation(1, publish, last, publish, {
        "validate": "list", "source": ["oui", "non"], "ignore_blank": True,
        "error_title": "publier", "error_message": "Choisissez « oui » ou « non »."})
    sheet.freeze_panes(1, 3)
    sheet.autofilter(0, 0, last, len(COLUMNS) - 1)
    sheet.protect("", {"autofilter": True, "sort": False, "format_columns": True,
                       "format_rows": True})
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    _guide(book, head, book.add_format({"text_wrap": True, "valign": "top"}))
    book.close()
    return buffer.getvalue()


def write_citations(path: Path, rows: Sequence[Mapping[str, str]]) -> None:
    """The workbook, written atomically."""
    atomic_write(path, citations_workbook(rows))
