"""The workbook's archive rebuilt in memory for the fast reader, its sheets stored as is.

evalsoc inflates every sheet part once, while checking the package, to find the formulas
and error values the fast reader does not report. Handing the reader the original file
would make it inflate every sheet a second time; it gets instead a copy of the archive
in which those sheets are *stored* (the zip method that needs no inflating, with the CRC
and size the original declares, which the reader checks) and every other part keeps its
deflated bytes untouched. Same parts, same names, same order, same content: only the
reader's work changes, about a quarter less of it on a questionnaire.

:mod:`zipfile` cannot do this: it compresses or checksums again what it writes. The
format written here is the plainest one of the zip specification (no zip64, no data
descriptor, no encryption); anything the copy cannot carry gives None, and the reader
then reads the original bytes.

Kept with :mod:`evalsoc.excel.members` on the line « part du temps de la commande gagnée
par la couche » of ``benchmarks/bench_zip_layer.py`` (17.9 % on 2026-12-07, threshold 15 %).
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Collection, Iterable, Mapping

from zlib_ng import zlib_ng

from evalsoc.excel.members import deflated

__all__ = ["stored_copy"]

_LOCAL = struct.Struct("<4sHHHHHIIIHH")
_CENTRAL = struct.Struct("<4sHHHHHHIIIHHHHHII")
_END = struct.Struct("<4sHHHHIIH")
_VERSION = 20  # 2.0: deflate, the oldest version every reader accepts
_UTF8_NAME = 0x800
_STORED, _DEFLATED = zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED
_TIME, _DATE = 0, (1 << 5) | 1  # 1980-01-01 00:00, the first date a zip can hold
_LIMIT = 0xFFFFFFFF  # beyond it, zip64 would be needed


def stored_copy(data: bytes, infos: Iterable[zipfile.ZipInfo],
                inflated: Mapping[str, bytes], changed: Collection[str] = ()) -> bytes | None:
    """The archive ``data`` again, the parts in ``inflated`` stored uncompressed; those
    named in ``changed`` differ from the original (their size and CRC are worked out).

    Returns None when a part can be copied neither way (a method other than deflate, an
    encrypted part, a local header that does not match the directory)."""
    chunks: list[bytes | memoryview] = []
    directory: list[bytes] = []
    offset = count = 0
    for info in infos:
        content = inflated.get(info.filename)
        body: bytes | memoryview | None
        if content is not None:
            method, body = _STORED, content
        else:
            method, body = _DEFLATED, deflated(data, info)
            if body is None:
                return None
        name = info.filename.encode("utf-8")
        size = len(body)
        crc, full = info.CRC, info.file_size
        if info.filename in changed and content is not None:
            crc, full = zlib_ng.crc32(content), len(content)
        if offset > _LIMIT or size > _LIMIT or full > _LIMIT:
            return None
        chunks.append(_LOCAL.pack(b"PK\x03\x04", _VERSION, _UTF8_NAME, method, _TIME, _DATE,
                                  crc, size, full, len(name), 0))
        chunks.append(name)
        chunks.append(body)
        directory.append(_CENTRAL.pack(b"PK\x01\x02", _VERSION, _VERSION, _UTF8_NAME, method,
                                       _TIME, _DATE, crc, size, full,
                                       len(name), 0, 0, 0, 0, 0, offset))
        directory.append(name)
        offset += _LOCAL.size + len(name) + size
        count += 1
    listing = b"".join(directory)
    if count > 0xFFFF or offset > _LIMIT:
        return None
    chunks.append(listing)
    chunks.append(_END.pack(b"PK\x05\x06", 0, 0, count, count, len(listing), offset, 0))
    return b"".join(chunks)
