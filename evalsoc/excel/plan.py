"""The board's plan d'action and the shared analysis, read from the workbook's optional
« Plan d'action » sheet (:data:`~evalsoc.excel.layout.PLAN_SHEET`).

Rows are found by their key in column A (« piste:1 »…, « analyse_partagee »), never by
position. A workbook without the sheet (written before it existed, or for ardes-culture
1.0.0) has no plan and no issue. Each row's cells are checked and every problem is an
issue at its cell: a deadline that is neither a date nor a month (FIC030), a status
outside the list (FIC031, accents and case do not count), a row with details but no
piste (FIC032), a text longer than a fiche can show (FIC033). Deadlines are kept as ISO
dates (2027-06-30) or months (2027-06).
"""

from __future__ import annotations

import re

from evalsoc.answers.model import CellRef, PlanAction
from evalsoc.answers.normalize import parse_date
from evalsoc.catalogue import Code
from evalsoc.excel import layout
from evalsoc.excel.cells import a1
from evalsoc.excel.reader import Cell, Sheet
from evalsoc.excel.values import raw_text
from evalsoc.issues import Issue, make_issue
from evalsoc.support.text import BLANKS, canon

__all__ = ["MAX_ANALYSIS", "MAX_CELL", "month_of", "read_plan"]

MAX_CELL = 500  # characters of one cell of the plan
MAX_ANALYSIS = 5_000  # characters of the shared analysis
SERIAL_MIN = 20_000  # an Excel day number before 1954 is no deadline
MONTHS = ("janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout",
          "septembre", "octobre", "novembre", "decembre")
STATUSES = {canon(s): s for s in layout.PLAN_STATUSES}
STATUSES |= {canon(s.removesuffix("e")): s for s in layout.PLAN_STATUSES if s.endswith("ée")}


def _text(value: Cell) -> str:
    return "" if value is None else raw_text(value).strip(BLANKS)


def month_of(text: str) -> str | None:
    """« 06/2027 », « 6-2027 », « juin 2027 » -> « 2027-06 »; None otherwise."""
    bare = canon(text)
    if m := re.fullmatch(r"(\d{1,2})\s*[/.-]\s*(\d{4})", bare):
        month, year = int(m.group(1)), int(m.group(2))
    elif m := re.fullmatch(r"([a-z]+)\s+(\d{4})", bare):
        if m.group(1) not in MONTHS:
            return None
        month, year = MONTHS.index(m.group(1)) + 1, int(m.group(2))
    else:
        return None
    return f"{year:04d}-{month:02d}" if 1 <= month <= 12 and 1900 < year < 2200 else None


def _deadline(value: Cell) -> str | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value < SERIAL_MIN:
        return None  # « 2027 » typed as a number is a year, not the Excel day 2027
    day = parse_date(value)
    if day is not None:
        return day.isoformat()
    return month_of(_text(value)) if isinstance(value, str) else None


def _long(sheet: Sheet, row: int, col: int, text: str, limit: int,
          base: dict[str, str]) -> Issue | None:
    if len(text) <= limit:
        return None
    return make_issue(Code.FIC_PLAN_TOO_LONG, sheet=sheet.name, cell=a1(row, col),
                      raw=text[:60] + "…", length=len(text), limit=limit, **base)


def _action(sheet: Sheet, row: int, base: dict[str, str]
            ) -> tuple[PlanAction | None, list[Issue]]:
    cells = {name: sheet.value(row, col) for col, name in enumerate(layout.PLAN_COLUMNS, 2)}
    texts = {name: _text(v) for name, v in cells.items()}
    if not any(texts.values()):
        return None, []
    issues: list[Issue] = []
    where = {"sheet": sheet.name, **base}
    for col, name in enumerate(layout.PLAN_COLUMNS, 2):
        if (found := _long(sheet, row, col, texts[name], MAX_CELL, base)) is not None:
            issues.append(found)
    deadline = None
    if texts["echeance"]:
        deadline = _deadline(cells["echeance"])
        if deadline is None:
            issues.append(make_issue(Code.FIC_PLAN_DATE, cell=a1(row, 4),
                                     raw=texts["echeance"], **where))
    status = None
    if texts["statut"]:
        status = STATUSES.get(canon(texts["statut"]))
        if status is None:
            issues.append(make_issue(Code.FIC_PLAN_STATUS, cell=a1(row, 6),
                                     raw=texts["statut"],
                                     accepted=", ".join(layout.PLAN_STATUSES), **where))
    if not texts["piste"]:
        issues.append(make_issue(Code.FIC_PLAN_NO_PISTE, cell=a1(row, 2), raw="", **where))
    if issues:
        return None, issues
    return PlanAction(piste=texts["piste"], responsable=texts["responsable"] or None,
                      echeance=deadline, indicateur=texts["indicateur"] or None,
                      statut=status, source=CellRef(base.get("file"), sheet.name,
                                                    a1(row, 2))), []


def read_plan(sheet: Sheet, base: dict[str, str]
              ) -> tuple[tuple[PlanAction, ...], str | None, list[Issue]]:
    """The plan's actions in the sheet's order, the shared analysis, and the issues."""
    actions: list[PlanAction] = []
    issues: list[Issue] = []
    analysis: str | None = None
    for row in range(1, min(len(sheet.rows), layout.MAX_ROWS) + 1):
        key = sheet.value(row, layout.ID_COL)
        if not isinstance(key, str):
            continue
        key = key.strip()
        if key.startswith(layout.PLAN_KEY_PREFIX):
            action, found = _action(sheet, row, base)
            issues += found
            if action is not None:
                actions.append(action)
        elif key == layout.PLAN_ANALYSIS_KEY:
            text = _text(sheet.value(row, 2))
            if (long := _long(sheet, row, 2, text, MAX_ANALYSIS, base)) is not None:
                issues.append(long)
            elif text:
                analysis = raw_text(sheet.value(row, 2)).strip(BLANKS)
    return tuple(actions), analysis, issues
