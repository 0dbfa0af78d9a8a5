"""Parts inflated from the workbook's bytes (zlib-ng) are exactly what zipfile reads, and
whatever zipfile would refuse is refused too."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from workbooks import damaged, make_workbook

from evalsoc.excel import members
from evalsoc.referentiel.model import Referentiel


@pytest.fixture
def data(tmp_path: Path, mini: Referentiel) -> bytes:
    return make_workbook(tmp_path / "bon.xlsx", mini).read_bytes()


def test_every_part_reads_as_zipfile_reads_it(data: bytes) -> None:
    archive = zipfile.ZipFile(io.BytesIO(data))
    deflated = [i for i in archive.infolist() if i.compress_type == zipfile.ZIP_DEFLATED]
    assert len(deflated) > 5
    for info in archive.infolist():
        content = archive.read(info)
        assert members.whole(data, archive, info) == content
        assert members.head(data, archive, info, 100) == content[:100]


def test_stored_parts_are_left_to_zipfile(data: bytes) -> None:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as stored:
        for info in source.infolist():
            stored.writestr(info.filename, source.read(info))
    copy = out.getvalue()
    archive = zipfile.ZipFile(io.BytesIO(copy))
    for info in archive.infolist():
        assert members.whole(copy, archive, info) == source.read(info.filename)


def _sheet(archive: zipfile.ZipFile) -> zipfile.ZipInfo:
    return archive.getinfo("xl/worksheets/sheet3.xml")


def test_a_part_not_matching_its_declared_crc_or_size_is_refused(data: bytes) -> None:
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = _sheet(archive)
    info.CRC ^= 1
    with pytest.raises(zipfile.BadZipFile, match="CRC"):
        members.whole(data, archive, info)
    info.CRC ^= 1
    info.file_size -= 1  # the stream holds one byte more than declared
    with pytest.raises(zipfile.BadZipFile):
        members.whole(data, archive, info)


def test_damaged_deflate_stream_is_refused(data: bytes) -> None:
    info = _sheet(zipfile.ZipFile(io.BytesIO(data)))
    broken = damaged(data, info.filename)
    with pytest.raises(zipfile.BadZipFile):
        members.whole(broken, zipfile.ZipFile(io.BytesIO(broken)), info)


def test_a_local_header_naming_another_part_goes_to_zipfile_which_refuses(
        data: bytes) -> None:
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = _sheet(archive)
    at = info.header_offset + 30 + len("xl/worksheets/sheet")
    changed = data[:at] + b"9" + data[at + 1:]  # the local header says sheet9.xml
    with pytest.raises(zipfile.BadZipFile, match="differ"):
        members.whole(changed, zipfile.ZipFile(io.BytesIO(changed)), info)
