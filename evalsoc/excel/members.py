"""Decompressing a workbook's parts straight from its bytes in memory, with zlib-ng.

:mod:`zipfile` still reads the archive's directory (names, sizes, offsets, the bounds
checked in :mod:`evalsoc.excel.package`); only the inflating of a part, which evalsoc does
for every sheet to find formulas and error values, goes through zlib-ng, about twice as
fast as the standard zlib on sheet XML. Every check zipfile makes is kept: the local
header must be where the directory says and name the same part, the part must not be
encrypted, and a whole part must have exactly its declared size and CRC-32. Anything
unusual (another compression method, a header that does not match) is handed to zipfile
itself, which then refuses it or reads it the slow way.

Kept by issue 16's rule (a hand-written layer stays only if it saves at least 15 % of its
command's time): ``benchmarks/bench_zip_layer.py`` prints « part du temps de la commande
gagnée par la couche : 17.9 % » for this module and :mod:`evalsoc.excel.repack` together
(quiet machine, 1 000 workbooks, 2026-12-07); without them check + score took 24 % longer
per workbook in ``bench_check_score.py``.
"""

from __future__ import annotations

import struct
import zipfile
from functools import lru_cache
from typing import cast

from zlib_ng import zlib_ng

__all__ = ["deflated", "head", "whole"]

_LOCAL = struct.Struct("<4s22xHH")  # signature, then name and extra-field lengths
_SIGNATURE = b"PK\x03\x04"
_ENCRYPTED, _UTF8_NAME = 0x1, 0x800
_INFLATE_ERROR = cast("type[Exception]", zlib_ng.error)  # its stub declares an instance


def whole(data: bytes, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The part's content (zipfile.BadZipFile if it is not what the directory says)."""
    raw = deflated(data, info)
    if raw is None:
        return archive.read(info)
    inflater = zlib_ng.decompressobj(-15)
    try:
        content = inflater.decompress(raw, info.file_size + 1)
    except _INFLATE_ERROR as err:
        raise zipfile.BadZipFile(f"{info.filename}: {err}") from err
    if len(content) != info.file_size or not inflater.eof \
            or zlib_ng.crc32(content) != info.CRC:
        raise zipfile.BadZipFile(f"{info.filename}: taille ou CRC inattendus")
    return content


def head(data: bytes, archive: zipfile.ZipFile, info: zipfile.ZipInfo, size: int) -> bytes:
    """The first ``size`` bytes of the part, without inflating the rest."""
    raw = deflated(data, info)
    if raw is None:
        with archive.open(info) as stream:
            return stream.read(size)
    try:
        return zlib_ng.decompressobj(-15).decompress(raw, size)
    except _INFLATE_ERROR as err:
        raise zipfile.BadZipFile(f"{info.filename}: {err}") from err


def deflated(data: bytes, info: zipfile.ZipInfo) -> memoryview | None:
    """The part's deflated bytes, or None when zipfile must handle it."""
    if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & _ENCRYPTED:
        return None
    start = info.header_offset
    if start < 0 or start + _LOCAL.size > len(data):
        return None
    signature, name_length, extra_length = _LOCAL.unpack_from(data, start)
    name_at = start + _LOCAL.size
    expected = _encoded(info.orig_filename, bool(info.flag_bits & _UTF8_NAME))
    if expected is None or signature != _SIGNATURE or \
            data[name_at:name_at + name_length] != expected:
        return None
    begin = name_at + name_length + extra_length
    end = begin + info.compress_size
    return memoryview(data)[begin:end] if end <= len(data) else None


@lru_cache(maxsize=4096)
def _encoded(name: str, utf8: bool) -> bytes | None:
    """A part's name as its local header spells it (None if it cannot be); a batch's
    workbooks name the same parts, and the cp437 codec is written in Python."""
    try:
        return name.encode("utf-8" if utf8 else "cp437")
    except UnicodeEncodeError:
        return None
