"""Sheet extents bounded before the fast reader sees a workbook (issue 15, item 2).

E1 a cell typed far away (XFD1048576, CV1048576) refuses the file with XL060, the cell
named, before the reader allocates anything; E2 every way of writing that cell is
measured (another attribute first, a namespace prefix, single quotes, no address at
all); empty formatted cells take no room; E3 a declared dimension beyond the limit over
small content is bounded in the reader's copy and the file reads as usual; E4 a batch
of 50 files with the far cell in the middle: 49 read, 1 reported, memory under 500 MB,
in ``check`` and in ``ingest``, whose re-run finishes.
"""

from __future__ import annotations

import io
import os
import re
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook
from proctree import run_measured
from workbooks import make_workbook, rezip

from evalsoc.answers.model import StructureInfo
from evalsoc.excel import layout
from evalsoc.excel.extent import MAX_CELLS, Extent, bounded_dimension, measure, walk
from evalsoc.excel.package import open_package
from evalsoc.excel.workbook import read_workbook
from evalsoc.referentiel.model import Referentiel

MB = 1024 * 1024


@pytest.fixture
def root(mini_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EVALSOC_REFERENTIELS", str(mini_root))
    return mini_root


def far(ref: str) -> Callable[[Workbook], None]:
    def edit(book: Workbook) -> None:
        book[layout.QUESTIONNAIRE_SHEET][ref] = "une note tout au bout"
    return edit


@pytest.mark.parametrize(("ref", "rows", "cols"), [("XFD1048576", "1\u202f048\u202f576",
                                                    "16\u202f384"),
                                                   ("CV1048576", "1\u202f048\u202f576", "100")])
def test_e1_a_far_cell_refuses_the_file(tmp_path: Path, mini: Referentiel, root: Path,
                                        ref: str, rows: str, cols: str) -> None:
    path = make_workbook(tmp_path / "loin.xlsx", mini, edit=far(ref))
    read = read_workbook(path, root)
    assert [(i.code, i.sheet, i.cell) for i in read.issues] == [
        ("XL060", layout.QUESTIONNAIRE_SHEET, ref)]
    message = read.issues[0].message
    assert f"jusqu'en {ref} ({rows} lignes sur {cols} colonnes" in message
    assert "Supprimez les lignes et colonnes" in message


def _sheet(cells: str, root: str = '<worksheet xmlns="urn:x">') -> bytes:
    close = "</" + root[1:].split(maxsplit=1)[0].rstrip(">") + ">"
    return f'{root}<sheetData>{cells}</sheetData>{close}'.encode()


@pytest.mark.parametrize(("xml", "corner"), [
    (_sheet('<row r="1"><c r="A1"><v>1</v></c><c r="XFD1048576"><v>2</v></c></row>'),
     "XFD1048576"),
    (_sheet('<row r="1"><c s="3" r="ZZ70000" t="s"><v>0</v></c></row>'), "ZZ70000"),
    (_sheet("<x:row r='1'><x:c r='AAA5000'><x:v>1</x:v></x:c></x:row>",
            "<x:worksheet xmlns:x='urn:x'>"), "AAA5000"),
    (_sheet('<row r="1048576"><c><v>1</v></c><c><v>2</v></c><c><v>3</v></c></row>'),
     "C1048576"),
    (_sheet("<row>" + "<c><v>1</v></c>" * 3000 + "</row>" * 1 + '<row r="900">'
            '<c><v>1</v></c></row>'), "DKJ900"),
    (_sheet('<row r="1"><c r="a1"><v>1</v></c><c r="$XFD$9000"><v>1</v></c></row>'),
     "XFD9000"),
])
def test_e2_every_spelling_of_a_far_cell_is_measured(xml: bytes, corner: str) -> None:
    extent = measure(xml)
    assert extent is not None and extent.corner == corner
    assert extent.cells > MAX_CELLS


def test_e2_ordinary_and_empty_cells() -> None:
    ordinary = _sheet('<row r="1"><c r="A1"><v>1</v></c><c r="GZ9999"><v>1</v></c></row>')
    assert measure(ordinary) is None  # the quick search proves it small
    formatted = _sheet('<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576">'
                       '<c r="XFD1048576" s="4"/></row>')
    assert measure(formatted) == Extent(1, 1)  # an empty formatted cell takes no room
    assert walk(_sheet("")) == Extent(0, 0)


def test_e3_a_claimed_dimension_is_bounded_for_the_reader(tmp_path: Path, mini: Referentiel,
                                                          root: Path) -> None:
    clean = make_workbook(tmp_path / "propre.xlsx", mini)

    def claim(name: str, data: bytes) -> bytes:
        if name.startswith("xl/worksheets/"):
            return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', data)
        return data

    claimed = rezip(clean, tmp_path / "annonce.xlsx", claim)
    package, issues = open_package(claimed)
    assert package is not None and issues == []
    copy = zipfile.ZipFile(io.BytesIO(package.for_reader()))
    for part in package.sheet_parts.values():
        dimension = re.search(rb'<dimension ref="([^"]*)"', copy.read(part))
        assert dimension is not None and b"XFD" not in dimension.group(1)
    assert copy.testzip() is None  # sizes and CRCs of the changed parts are right
    read, first = read_workbook(claimed, root), read_workbook(clean, root)
    assert read.valid and read.answers is not None and first.answers is not None
    assert [(a.question, a.respondent, a.value) for a in read.answers.answers] == [
        (a.question, a.respondent, a.value) for a in first.answers.answers]
    assert bounded_dimension(b'<worksheet><dimension ref="A1:D9"/></worksheet>', None) is None


def _fifty(folder: Path, mini: Referentiel) -> Path:
    for n in range(50):
        info = StructureInfo(id=f"S{n:03d}", name=f"Structure {n}")
        make_workbook(folder / f"s{n:03d}.xlsx", mini, structure=info,
                      edit=far("XFD1048576") if n == 25 else None)
    return folder


def _evalsoc(*args: str, root: Path) -> tuple[str, int, int]:
    env = {**os.environ, "EVALSOC_REFERENTIELS": str(root)}
    done, peak = run_measured([sys.executable, "-m", "evalsoc", *args], env=env)
    return done.stdout + done.stderr, done.returncode, peak


@pytest.mark.slow
def test_e4_fifty_files_one_far_cell(tmp_path: Path, mini: Referentiel, root: Path) -> None:
    folder = _fifty(tmp_path / "lot", mini)
    out, code, peak = _evalsoc("check", str(folder), "-q", root=root)
    assert code == 1
    assert "50 fichier(s) : 49 valide(s), 1 avec des erreurs." in out
    assert re.findall(r"\[(XL\d+)\] (\S+?),", out) == [("XL060", str(folder / "s025.xlsx"))]
    assert peak < 500 * MB, peak

    db = tmp_path / "c.sqlite"
    out, code, peak = _evalsoc("ingest", str(folder), "--campagne", "2025", "--db", str(db),
                               "-q", root=root)
    assert code == 1, out
    assert "enregistrés : 49" in out and "rejetés : 1" in out
    assert peak < 500 * MB, peak
    out, code, _ = _evalsoc("ingest", str(folder), "--campagne", "2025", "--db", str(db),
                            "-q", root=root)
    assert "déjà connus : 50" in out, out
