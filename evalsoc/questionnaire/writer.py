"""Questionnaire workbooks out of a référentiel: the edge of the pipeline that writes files.

``build_workbook`` and ``build_individual_workbook`` are pure: same inputs, same sheets
(only the workbook's creation time differs). ``write_workbook`` saves through a temporary
file in the target folder and a rename, so a reader never sees half a workbook.
Positions follow :mod:`evalsoc.excel.layout`, the contract with the reader.
"""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook

from evalsoc import __version__
from evalsoc.answers.model import StructureInfo
from evalsoc.excel import layout
from evalsoc.excel.links import CAMPAIGN_KEY
from evalsoc.questionnaire.book import Book
from evalsoc.questionnaire.front import fill_evaluator, fill_identification, fill_meta, fill_readme
from evalsoc.questionnaire.glossary import GLOSSARY_SHEET, fill_glossary
from evalsoc.questionnaire.grids import fill_grid
from evalsoc.questionnaire.plan import fill_plan
from evalsoc.questionnaire.questions import fill_questionnaire
from evalsoc.questionnaire.table import (
    diagnostic_paragraphs,
    diagnostic_readme,
    fill_table,
    table_names,
)
from evalsoc.questionnaire.texts import Paragraph, individual_readme, structure_readme
from evalsoc.referentiel.model import Group, Question, QuestionType, Referentiel
from evalsoc.support.files import atomic_write

__all__ = [
    "asks_questionnaire",
    "build_individual_workbook",
    "build_workbook",
    "grid_groups",
    "grid_names",
    "write_workbook",
]

CREATOR = "evalsoc"  # never a person's name: workbooks travel between structures
BLANK = "Questionnaire vierge"


def grid_groups(referentiel: Referentiel) -> list[tuple[Group, list[Question]]]:
    """Groups answered one person per row: several respondents, at least one question."""
    questions = list(referentiel.questions().values())
    # open questions last, after every item to tick (a survey habit: the free text
    # comes once the respondent has gone through the statements)
    questions.sort(key=lambda q: q.type is QuestionType.TEXT)
    found = [(g, [q for q in questions if q.group == g.id]) for g in referentiel.groups
             if g.multiple and g.id != "structure"]
    return [(g, qs) for g, qs in found if qs]


def grid_names(referentiel: Referentiel) -> dict[str, str]:
    """Group id -> grid sheet name, unique (case-insensitively) and never a fixed name."""
    taken = {n.casefold() for n in (layout.README_SHEET, layout.IDENT_SHEET,
                                    layout.QUESTIONNAIRE_SHEET, layout.EVALUATOR_SHEET,
                                    layout.PLAN_SHEET, layout.META_SHEET, layout.LISTS_SHEET,
                                    *table_names(referentiel).values())}
    names: dict[str, str] = {}
    for group, _ in grid_groups(referentiel):
        base = layout.grid_sheet_name(group.label) or group.id[:31]
        name, count = base, 1
        while name.casefold() in taken:
            count += 1
            name = f"{base[:26]} ({count})"
        taken.add(name.casefold())
        names[group.id] = name
    return names


def _properties(wb: Workbook, title: str) -> None:
    wb.properties.creator = CREATOR
    wb.properties.lastModifiedBy = CREATOR
    wb.properties.title = title[:200]


def _meta(book: Book, values: dict[str, str]) -> None:
    ref = book.referentiel
    head = {"format": layout.FORMAT, "layout_version": layout.LAYOUT_VERSION,
            # a bundle is named whole (ardes-culture@1.0.0+autodiag-financier@1.0.0)
            "referentiel": ref.ref if ref.parts else ref.id,
            "referentiel_version": "" if ref.parts else ref.version}
    ws = book.wb.create_sheet(layout.META_SHEET, index=book.wb.index(book.lists.ws))
    fill_meta(ws, {**head, **values, "evalsoc_version": __version__})


def _finish(book: Book) -> Workbook:
    for ws in book.wb.worksheets:
        ws.sheet_view.tabSelected = False
    book.wb.active = 0
    book.wb.worksheets[0].sheet_view.tabSelected = True
    return book.wb


def build_workbook(referentiel: Referentiel, structure: StructureInfo | None,
                   questionnaire_id: str, ref_hash: str, campaign: str = "") -> Workbook:
    """A structure's questionnaire: its own questions, one grid per group of
    respondents, the evaluator's sheet; blank identity when ``structure`` is None."""
    name = structure.name if structure and structure.name else ""
    book = Book.new(referentiel, name or BLANK)
    grids = grid_names(referentiel)
    tables = table_names(referentiel)
    title = f"{referentiel.title} — {name or BLANK.lower()}"
    fill_readme(book.sheet(layout.README_SHEET), book, title,
                _readme(referentiel, name, grids, tables))
    fill_identification(book.sheet(layout.IDENT_SHEET), book, structure)
    heading = f"Questionnaire de la structure{f' — {name}' if name else ''}"
    if asks_questionnaire(referentiel):
        fill_questionnaire(book.sheet(layout.QUESTIONNAIRE_SHEET), book, "structure",
                           heading)
    for part in referentiel.diagnostics():
        fill_table(book.sheet(tables[part.id]), book, part)
    for group, questions in grid_groups(referentiel):
        fill_grid(book.sheet(grids[group.id]), book, group, questions)
    if referentiel.dimensions:
        fill_evaluator(book.sheet(layout.EVALUATOR_SHEET), book)
        fill_plan(book.sheet(layout.PLAN_SHEET), book)
    if referentiel.glossary:
        fill_glossary(book.sheet(GLOSSARY_SHEET), book)
    _meta(book, {
        **{f"{layout.TABLE_KEY_PREFIX}{pid}": sheet for pid, sheet in tables.items()},
        "referentiel_hash": ref_hash, "questionnaire_id": questionnaire_id,
        "structure_id": structure.id if structure else "", "kind": layout.KIND_STRUCTURE,
        **({CAMPAIGN_KEY: campaign} if campaign else {}),
        **{f"{layout.SHEET_KEY_PREFIX}{gid}": sheet for gid, sheet in grids.items()},
    })
    _properties(book.wb, title)
    return _finish(book)


def asks_questionnaire(referentiel: Referentiel) -> bool:
    """Whether the structure has questions of its own outside the diagnostics' sheets."""
    on_tables = referentiel.asked_on_tables()
    return any(q not in on_tables for q in referentiel.questions_of("structure"))


def _readme(referentiel: Referentiel, name: str, grids: dict[str, str],
            tables: dict[str, str]) -> list[Paragraph]:
    if not referentiel.dimensions:
        return diagnostic_readme(referentiel, name, tables)
    text = structure_readme(referentiel, name, grids)
    return [*text[:1], *diagnostic_paragraphs(referentiel, tables), *text[1:]]


def build_individual_workbook(referentiel: Referentiel, group_id: str,
                              structure: StructureInfo | None,
                              parent_questionnaire_id: str, respondent_number: int,
                              questionnaire_id: str, ref_hash: str,
                              campaign: str = "") -> Workbook:
    """One respondent's own form: the group's questions laid out like "Questionnaire"."""
    group = referentiel.group(group_id)
    if group is None:
        raise KeyError(group_id)
    name = structure.name if structure and structure.name else ""
    header = f"{name or BLANK} — {group.label} — n° {respondent_number}"
    book = Book.new(referentiel, header)
    title = f"{referentiel.title} — {group.label.lower()}"
    fill_readme(book.sheet(layout.README_SHEET), book, title,
                individual_readme(referentiel, group, name, respondent_number))
    heading = f"Questionnaire — {group.label} (n° {respondent_number})"
    fill_questionnaire(book.sheet(layout.QUESTIONNAIRE_SHEET), book, group.id, heading)
    if referentiel.glossary:
        fill_glossary(book.sheet(GLOSSARY_SHEET), book)
    _meta(book, {
        "referentiel_hash": ref_hash, "questionnaire_id": questionnaire_id,
        "structure_id": structure.id if structure else "", "kind": layout.KIND_INDIVIDUAL,
        "group": group.id, "respondent": str(respondent_number),
        "parent_questionnaire_id": parent_questionnaire_id,
        **({CAMPAIGN_KEY: campaign} if campaign else {}),
    })
    _properties(book.wb, title)
    return _finish(book)


def write_workbook(wb: Workbook, path: Path) -> None:
    """Save atomically: a temporary file in the same folder, then a rename."""
    buffer = io.BytesIO()
    wb.save(buffer)
    atomic_write(path, buffer.getvalue())
