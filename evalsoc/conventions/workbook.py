"""The workbook of one convention: written blank (the indicators a référentiel offers
listed beside it) or filled from a convention already read, then read back by
:func:`evalsoc.conventions.files.read_convention_file`, like the questionnaires.

Sheets: « Convention » (funder, structure, period, objectives), « Indicateurs » (one row
per indicator, drop-down lists for the closed columns), « Suivi » (one row per indicator
and year, for the values entered by hand and the two comments), « Indicateurs possibles »
(the référentiel's indicators that have a raw value, perception ones marked).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import xlsxwriter

from evalsoc.conventions.files import SHEET_CONVENTION, SHEET_HAND, SHEET_INDICATORS
from evalsoc.conventions.model import Convention, Direction, Indicator, Source
from evalsoc.conventions.rows import HAND_COLUMNS, INDICATOR_COLUMNS
from evalsoc.conventions.values import value_rule
from evalsoc.referentiel.model import Indicateur, Referentiel
from evalsoc.support.files import atomic_write
from evalsoc.versions.elements import nodes_of

__all__ = ["convention_workbook", "write_convention_workbook"]

_LABELS = (("convention", "Code de la convention"), ("financeur", "Financeur"),
           ("structure", "Identifiant de la structure (registre)"),
           ("debut", "Première année"), ("fin", "Dernière année"),
           ("objectifs", "Objectifs (texte de la convention)"))
_LISTS = {"nature": ["realisation", "resultat", "impact"],
          "mesure": ["valeur brute", "perception"],
          "cible_sens": [d.value for d in Direction],
          "source": [s.value for s in Source]}
_ROWS = 8  # indicator rows offered in a blank workbook (the rules allow 3 to 8)
_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False, "in_memory": True}


def _cell(value: object) -> Any:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _indicator_row(ind: Indicator) -> dict[str, Any]:
    return {"indicateur": ind.key, "referentiel": ind.referentiel or "", "libelle": ind.label,
            "unite": ind.unit, "nature": ind.kind,
            "mesure": "perception" if ind.perception else "valeur brute",
            "base_valeur": ind.baseline, "base_annee": ind.baseline_year,
            "cible_sens": ind.direction.value if ind.direction else "",
            "cible_valeur": ind.target, "cible_annee": ind.due_year,
            "source": ind.source.value, "frequence": ind.frequency}


def _write(sheet: Any, row: int, col: int, value: object, fmt: Any = None) -> None:
    value = _cell(value)
    if isinstance(value, str):
        sheet.write_string(row, col, value, fmt)
    else:
        sheet.write_number(row, col, value, fmt)


def _head(book: Any, convention: Convention | None, bold: Any, wrap: Any) -> None:
    sheet = book.add_worksheet(SHEET_CONVENTION)
    sheet.set_column(0, 0, 38)
    sheet.set_column(1, 1, 12)
    sheet.set_column(2, 2, 70)
    sheet.write_string(0, 0, "Convention pluriannuelle d'objectifs", bold)
    values = {} if convention is None else {
        "convention": convention.id, "financeur": convention.funder,
        "structure": convention.structure, "debut": convention.start,
        "fin": convention.end, "objectifs": convention.objectives}
    for n, (code, label) in enumerate(_LABELS, start=2):
        sheet.write_string(n, 0, label, bold)
        sheet.write_string(n, 1, code)
        _write(sheet, n, 2, values.get(code, ""), wrap)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.write_string(len(_LABELS) + 3, 0,
                       "Les cibles portent sur des valeurs brutes (heures, entrées, communes, "
                       "part en %), jamais sur une note de 0 à 100 ou un niveau.")


def _table(book: Any, name: str, columns: tuple[str, ...], rows: list[dict[str, Any]],
           blank: int, bold: Any) -> Any:
    sheet = book.add_worksheet(name)
    for col, column in enumerate(columns):
        sheet.write_string(0, col, column, bold)
        wide = column in ("libelle", "commentaire_structure", "commentaire_financeur")
        sheet.set_column(col, col, 40 if wide else 20 if column == "referentiel" else 14)
        if column in _LISTS:
            sheet.data_validation(1, col, max(len(rows), blank) + 40, col, {
                "validate": "list", "source": _LISTS[column], "ignore_blank": True})
    for n, row in enumerate(rows, start=1):
        for col, column in enumerate(columns):
            _write(sheet, n, col, row.get(column))
    sheet.freeze_panes(1, 0)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    return sheet


def _offered(book: Any, ref: Referentiel, bold: Any) -> None:
    sheet = book.add_worksheet("Indicateurs possibles")
    heads = ("indicateur", "referentiel", "libelle", "unite", "nature", "mesure")
    for col, head in enumerate(heads):
        sheet.write_string(0, col, head, bold)
    sheet.set_column(2, 2, 60)
    n = 1
    for ident, node in nodes_of(ref).items():
        rule = value_rule(ref, node.node) if isinstance(node.node, Indicateur) else "-"
        if isinstance(rule, str):
            continue
        for col, value in enumerate((ident, ref.ref, rule.label, rule.unit, rule.kind,
                                     "perception" if rule.perception else "valeur brute")):
            sheet.write_string(n, col, value)
        n += 1


def convention_workbook(convention: Convention | None, ref: Referentiel | None) -> bytes:
    """The workbook as bytes: ``convention`` filled in (or a blank one), the indicators
    ``ref`` offers listed."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, _OPTIONS)
    bold = book.add_format({"bold": True, "bg_color": "#DDE6F0"})
    wrap = book.add_format({"text_wrap": True, "valign": "top", "align": "left"})
    _head(book, convention, bold, wrap)
    indicators = [] if convention is None else [_indicator_row(i) for i in
                                                 convention.indicators]
    if convention is None and ref is not None:
        indicators = [{"referentiel": ref.ref} for _ in range(_ROWS)]
    _table(book, SHEET_INDICATORS, INDICATOR_COLUMNS, indicators, _ROWS, bold)
    hands = {(h.indicator, h.year): h for h in (convention.hand if convention else ())}
    follow = [] if convention is None else [
        {"indicateur": i.key, "annee": year, "valeur": hand.value if hand else None,
         "commentaire_structure": hand.structure_comment if hand else "",
         "commentaire_financeur": hand.funder_comment if hand else ""}
        for i in convention.indicators for year in convention.years
        for hand in [hands.get((i.key, year))]]
    _table(book, SHEET_HAND, HAND_COLUMNS[1:], follow, 0, bold)
    if ref is not None:
        _offered(book, ref, bold)
    book.close()
    return buffer.getvalue()


def write_convention_workbook(path: Path, convention: Convention | None,
                              ref: Referentiel | None) -> None:
    atomic_write(path, convention_workbook(convention, ref))
