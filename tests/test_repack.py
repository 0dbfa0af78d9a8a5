"""The archive handed to the fast reader, sheets stored as inflated, holds exactly the
original's parts, and the reader reads the same cells from it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import python_calamine as calamine
from workbooks import make_workbook

from evalsoc.excel import members
from evalsoc.excel.package import open_package
from evalsoc.excel.repack import stored_copy
from evalsoc.referentiel.model import Referentiel


@pytest.fixture
def data(tmp_path: Path, mini: Referentiel) -> bytes:
    return make_workbook(tmp_path / "bon.xlsx", mini).read_bytes()


def _sheets(archive: zipfile.ZipFile) -> dict[str, bytes]:
    return {i.filename: archive.read(i) for i in archive.infolist()
            if i.filename.startswith("xl/worksheets/")}


def test_the_copy_holds_the_same_parts_sheets_stored_others_deflated_as_they_were(
        data: bytes) -> None:
    source = zipfile.ZipFile(io.BytesIO(data))
    sheets = _sheets(source)
    assert len(sheets) >= 4
    copy = stored_copy(data, source.infolist(), sheets)
    assert copy is not None
    archive = zipfile.ZipFile(io.BytesIO(copy))
    assert archive.testzip() is None  # every part's CRC checks
    assert archive.namelist() == source.namelist()
    for info, original in zip(archive.infolist(), source.infolist(), strict=True):
        assert archive.read(info) == source.read(original)
        if info.filename in sheets:
            assert info.compress_type == zipfile.ZIP_STORED
        else:
            assert info.compress_type == zipfile.ZIP_DEFLATED
            assert members.deflated(copy, info) == members.deflated(data, original)


def test_the_reader_reads_the_same_cells_from_the_copy(data: bytes) -> None:
    source = zipfile.ZipFile(io.BytesIO(data))
    copy = stored_copy(data, source.infolist(), _sheets(source))
    assert copy is not None
    before = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    after = calamine.CalamineWorkbook.from_filelike(io.BytesIO(copy))
    assert after.sheet_names == before.sheet_names
    for name in before.sheet_names:
        old, new = before.get_sheet_by_name(name), after.get_sheet_by_name(name)
        assert new.to_python(skip_empty_area=False) == old.to_python(skip_empty_area=False)
        assert new.merged_cell_ranges == old.merged_cell_ranges


def test_a_package_hands_the_reader_its_sheets_stored(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "copie.xlsx"
    path.write_bytes(data)
    package, issues = open_package(path)
    assert package is not None and not issues
    archive = zipfile.ZipFile(io.BytesIO(package.for_reader()))
    stored = {i.filename for i in archive.infolist() if i.compress_type == zipfile.ZIP_STORED}
    assert stored == set(package.sheet_parts.values())
    assert path.read_bytes() == data  # the input is never touched


def test_a_part_that_cannot_be_copied_gives_none(data: bytes) -> None:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as rebuilt:
        for info in source.infolist():
            method = zipfile.ZIP_STORED if info.filename == "xl/styles.xml" else \
                zipfile.ZIP_DEFLATED
            rebuilt.writestr(info.filename, source.read(info), compress_type=method)
    other = out.getvalue()
    archive = zipfile.ZipFile(io.BytesIO(other))
    assert stored_copy(other, archive.infolist(), _sheets(archive)) is None
    # stored in the original but inflated already: carried stored
    styles = {"xl/styles.xml": archive.read("xl/styles.xml")}
    assert stored_copy(other, archive.infolist(), _sheets(archive) | styles) is not None


def test_names_outside_ascii_are_kept() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as made:
        made.writestr("xl/worksheets/feuille-été.xml", b"<worksheet/>" * 50)
        made.writestr("docProps/données.xml", b"<x/>" * 50)
    data = out.getvalue()
    source = zipfile.ZipFile(io.BytesIO(data))
    sheet = "xl/worksheets/feuille-été.xml"
    copy = stored_copy(data, source.infolist(), {sheet: source.read(sheet)})
    assert copy is not None
    archive = zipfile.ZipFile(io.BytesIO(copy))
    assert archive.namelist() == [sheet, "docProps/données.xml"]
    assert archive.read("docProps/données.xml") == b"<x/>" * 50
    assert archive.testzip() is None
