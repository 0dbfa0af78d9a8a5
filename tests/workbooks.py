"""Building filled workbooks in tests: the real writer, then answers typed by id."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from evalsoc.answers.model import StructureInfo
from evalsoc.excel import layout
from evalsoc.questionnaire.writer import build_workbook, grid_names, write_workbook
from evalsoc.referentiel.fingerprint import canonical_hash
from evalsoc.referentiel.model import Referentiel

STRUCTURE = StructureInfo(id="S1", name="Le Hangar à Sons")
ANSWERS: dict[str, Any] = {
    "convention": "Oui", "etp": 3.5, "ressources_propres": 12000, "budget": 40000,
    "actions:tarifs": "X", "actions:ateliers": "X", "verbatim": "Très bien",
}
BENEVOLES: list[dict[str, Any]] = [
    {"rencontres": "Tout à fait d'accord", "accueil": "Plutôt d'accord"},
    {"rencontres": "Plutôt d'accord", "accueil": "Plutôt pas d'accord"},
    {"rencontres": "Pas du tout d'accord", "accueil": "Tout à fait d'accord"},
]


def answer_row(ws: Worksheet, key: str) -> int:
    for row in range(1, ws.max_row + 1):
        if ws.cell(row, layout.ID_COL).value == key:
            return row
    raise KeyError(key)


def grid_column(ws: Worksheet, key: str) -> int:
    for col in range(1, ws.max_column + 1):
        if ws.cell(layout.GRID_ID_ROW, col).value == key:
            return col
    raise KeyError(key)


def fill(book: Workbook, ref: Referentiel, answers: dict[str, Any],
         grids: dict[str, list[dict[str, Any]]]) -> None:
    sheet = book[layout.QUESTIONNAIRE_SHEET]
    for key, value in answers.items():
        sheet.cell(answer_row(sheet, key), layout.ANSWER_COL).value = value
    names = grid_names(ref)
    for group, rows in grids.items():
        grid = book[names[group]]
        for index, row in enumerate(rows):
            for key, value in row.items():
                grid.cell(layout.GRID_FIRST_ROW + index, grid_column(grid, key)).value = value


def make_workbook(path: Path, ref: Referentiel, answers: dict[str, Any] | None = None,
                  grids: dict[str, list[dict[str, Any]]] | None = None,
                  edit: Callable[[Workbook], None] | None = None,
                  structure: StructureInfo = STRUCTURE, questionnaire_id: str = "Q-TEST"
                  ) -> Path:
    book = build_workbook(ref, structure, questionnaire_id, canonical_hash(ref))
    fill(book, ref, ANSWERS if answers is None else answers,
         {"benevoles": BENEVOLES} if grids is None else grids)
    if edit is not None:
        edit(book)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_workbook(book, path)
    return path


def rezip(source: Path, target: Path, change: Callable[[str, bytes], bytes | None],
          extra: dict[str, bytes] | None = None) -> Path:
    """A copy of a workbook's zip with parts changed (None drops a part) or added."""
    out = io.BytesIO()
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = change(info.filename, src.read(info))
            if data is not None:
                dst.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            dst.writestr(name, data)
    target.write_bytes(out.getvalue())
    return target


def damaged(data: bytes, part: str) -> bytes:
    """The workbook's bytes with 64 bytes scrambled in the middle of a part's deflated
    stream: the archive's directory is intact, the part no longer inflates to itself."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(part)
    middle = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
    return data[:middle] + bytes(b ^ 0xA5 for b in data[middle:middle + 64]) \
        + data[middle + 64:]


def reopen(path: Path) -> Workbook:
    return load_workbook(path)


def grid_names_of(ref: Referentiel) -> dict[str, str]:
    return grid_names(ref)
