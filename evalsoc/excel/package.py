"""Opening a workbook file safely: format sniffing and bounds before any parsing.

Nothing here parses sheet content; it decides whether the bytes may be handed to a
spreadsheet reader at all, and finds the parts the reader needs to look at itself
(sheet XML for formulas and error values, which the fast reader does not report).
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from evalsoc.catalogue import Code
from evalsoc.excel import members
from evalsoc.excel.extent import MAX_CELLS, bounded_dimension, measure
from evalsoc.excel.repack import stored_copy
from evalsoc.excel.sniff import Kind, sniff
from evalsoc.issues import Issue, make_issue
from evalsoc.support.files import NotRegularFileError, os_reason, read_regular
from evalsoc.support.formatting import fr_number

__all__ = ["LIMITS", "Limits", "Package", "open_package"]


@dataclass(frozen=True)
class Limits:
    file_bytes: int = 20 * 1024 * 1024
    unpacked_bytes: int = 100 * 1024 * 1024
    ratio: int = 200  # a real sheet compresses about 10:1; a bomb does thousands
    entries: int = 2_000


LIMITS = Limits()
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
# a sheet part up to this size is kept once decompressed (a questionnaire's are tens of
# kilobytes); a bigger one is read again when its sheet is, not held beside the others
_KEPT_PART_BYTES = 4 * 1024 * 1024
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass
class Package:
    """A workbook's bytes, accepted for reading, with where its sheets live."""

    file: str
    data: bytes
    sha256: str
    archive: zipfile.ZipFile
    sheet_parts: dict[str, str] = field(default_factory=dict)
    macros: bool = False
    # sheet parts already decompressed while checked (handed out once, then forgotten)
    read_parts: dict[str, bytes] = field(default_factory=dict, repr=False)
    # of those, the parts whose declared <dimension> was bounded (see excel.extent)
    bounded: set[str] = field(default_factory=set)

    def part(self, name: str) -> bytes:
        data = self.read_parts.pop(name, None)
        return members.whole(self.data, self.archive, self.archive.getinfo(name)) \
            if data is None else data

    def for_reader(self) -> bytes:
        """The bytes to hand the fast reader: the archive with the sheets already inflated
        stored as they are (:mod:`evalsoc.excel.repack`), else the file's own bytes."""
        return stored_copy(self.data, self.archive.infolist(), self.read_parts,
                           self.bounded) or self.data


def open_package(path: Path, limits: Limits = LIMITS) -> tuple[Package | None, list[Issue]]:
    """The package, or None with the issue that says why the file cannot be read."""
    file = str(path)
    try:
        data = read_regular(path, limits.file_bytes)
    except NotRegularFileError as err:
        return None, [make_issue(Code.ENV_NOT_REGULAR, file=file, kind=err.kind)]
    except OSError as err:
        return None, [make_issue(Code.XL_UNREADABLE, file=file, detail=os_reason(err))]
    if len(data) > limits.file_bytes:
        size = max(len(data), _size(path))
        return None, [make_issue(Code.XL_TOO_BIG, file=file, detail=f"{size // 1024} Ko")]
    digest = hashlib.sha256(data).hexdigest()
    where = {"file": file, "file_sha256": digest[:12]}
    kind = sniff(data if data[:4] == b"\xd0\xcf\x11\xe0" else data[:8192])
    if kind is not Kind.ZIP:
        return None, [_not_zip(kind, where)]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        return None, [make_issue(Code.XL_CORRUPT, **where)]
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        return None, [_other_zip(archive, names, where)]
    if (twice := _duplicate_part(infos)) is not None:
        return None, [make_issue(Code.XL_DUPLICATE_PART, part=twice, **where)]
    if problem := _bounds(infos, limits, where):
        return None, [problem]
    package = Package(file, data, digest, archive, macros="xl/vbaProject.bin" in names)
    try:
        package.sheet_parts = _sheet_parts(package)
    except (KeyError, ElementTree.ParseError, DefusedXmlException, zipfile.BadZipFile) as err:
        return None, _checked_entities(package, where) or [make_issue(
            Code.XL_MALFORMED, part="xl/workbook.xml", detail=str(err)[:120], **where)]
    issues = _checked_entities(package, where)
    if issues:
        return None, issues
    if problem := _checked_extents(package, where):
        return None, [problem]
    if package.macros:
        return package, [make_issue(Code.XL_MACROS, **where)]
    return package, []


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _not_zip(kind: Kind, where: dict[str, str]) -> Issue:
    if kind is Kind.EMPTY:
        return make_issue(Code.XL_EMPTY, **where)
    if kind is Kind.ENCRYPTED:
        return make_issue(Code.XL_PASSWORD, **where)
    if kind is Kind.OLE:
        return make_issue(Code.XL_LEGACY, kind="Excel 97-2003 (.xls)", **where)
    return make_issue(Code.XL_NOT_A_WORKBOOK, kind=_article(kind), **where)


def _article(kind: Kind) -> str:
    return {Kind.PDF: "un PDF", Kind.HTML: "une page web (HTML)", Kind.XML: "un fichier XML",
            Kind.TEXT: "un fichier texte (CSV ou autre)"}.get(kind, "un fichier d'un "
                                                               "format inconnu")


def _other_zip(archive: zipfile.ZipFile, names: set[str], where: dict[str, str]) -> Issue:
    if "mimetype" in names:
        mimetype = archive.read("mimetype")[:100]
        if b"opendocument.spreadsheet" in mimetype:
            return make_issue(Code.XL_LEGACY, kind="OpenDocument (.ods)", **where)
        return make_issue(Code.XL_LEGACY, kind="OpenDocument", **where)
    if any(n.startswith("word/") for n in names):
        return make_issue(Code.XL_NOT_A_WORKBOOK, kind="un document Word", **where)
    return make_issue(Code.XL_NOT_A_WORKBOOK, kind="une archive ZIP", **where)


def _duplicate_part(infos: list[zipfile.ZipInfo]) -> str | None:
    """A part present twice in the archive. Part names compare without regard to case
    (Open Packaging Conventions), and readers differ on which copy they take."""
    seen: set[str] = set()
    for info in infos:
        key = info.filename.replace("\\", "/").lstrip("/").casefold()
        if key in seen:
            return info.filename
        seen.add(key)
    return None


def _bounds(infos: list[zipfile.ZipInfo], limits: Limits, where: dict[str, str]) -> Issue | None:
    if len(infos) > limits.entries:
        return make_issue(Code.XL_TOO_BIG, detail=f"{len(infos)} parties", **where)
    unpacked = sum(i.file_size for i in infos)
    if unpacked > limits.unpacked_bytes:
        return make_issue(Code.XL_TOO_BIG, detail=f"{unpacked // (1024 * 1024)} Mo une fois "
                          "décompressé", **where)
    for info in infos:
        if info.compress_size and info.file_size / info.compress_size > limits.ratio \
                and info.file_size > 1024 * 1024:
            ratio = info.file_size // info.compress_size
            return make_issue(Code.XL_TOO_BIG, detail=f"la partie « {info.filename} » se "
                              f"décompresse {ratio} fois (bombe de décompression ?)", **where)
    return None


def _checked_entities(package: Package, where: dict[str, str]) -> list[Issue]:
    try:
        return _entities(package, where)
    except zipfile.BadZipFile:  # a part that does not inflate to what the directory says
        return [make_issue(Code.XL_CORRUPT, **where)]


def _entities(package: Package, where: dict[str, str]) -> list[Issue]:
    """XML parts that declare a DTD: spreadsheets never write one, attacks do.

    Sheet parts of ordinary size are decompressed whole (the reader looks at them later
    for formulas and error values) and kept for it; other parts, their head only."""
    issues = []
    sheets = set(package.sheet_parts.values())
    data, archive = package.data, package.archive
    for info in archive.infolist():
        if not info.filename.endswith((".xml", ".rels")):
            continue
        if info.filename in sheets and info.file_size <= _KEPT_PART_BYTES:
            whole = package.read_parts[info.filename] = members.whole(data, archive, info)
            head = whole[:2048]
        else:
            head = members.head(data, archive, info, 2048)
        if _DOCTYPE.search(head) or (b"\x00" in head and _DOCTYPE.search(
                head.replace(b"\x00", b""))):  # UTF-16 or UTF-32 XML
            issues.append(make_issue(Code.XL_XML_ENTITIES, part=info.filename, **where))
    return issues


def _checked_extents(package: Package, where: dict[str, str]) -> Issue | None:
    """Every sheet's filled cells within what the fast reader may hold (XL060); a declared
    dimension beyond it bounded in the copy the reader gets (see :mod:`excel.extent`)."""
    for name, part in package.sheet_parts.items():
        xml = package.read_parts.get(part)
        try:
            if xml is None:  # a big part, not kept: inflated for the measure only
                xml = members.whole(package.data, package.archive,
                                    package.archive.getinfo(part))
        except KeyError:
            continue  # a missing part: the reader says so when the sheet is read
        except zipfile.BadZipFile:
            return make_issue(Code.XL_CORRUPT, **where)
        extent = measure(xml)
        if extent is not None and extent.cells > MAX_CELLS:
            return make_issue(Code.XL_SHEET_EXTENT, sheet=name, cell=extent.corner,
                              rows=fr_number(extent.rows, 0), cols=fr_number(extent.cols, 0),
                              **where)
        if (bounded := bounded_dimension(xml, extent)) is not None:
            package.read_parts[part] = bounded
            package.bounded.add(part)
    return None


def _sheet_parts(package: Package) -> dict[str, str]:
    """Sheet name -> XML part, from the workbook and its relationships (defusedxml);
    worked out once per distinct pair of parts (a campaign's workbooks share them)."""
    key = (package.part("xl/workbook.xml"), package.part("xl/_rels/workbook.xml.rels"))
    found = _PARTS_SEEN.get(key)
    if found is None:
        if len(_PARTS_SEEN) > 64:
            _PARTS_SEEN.clear()
        found = _PARTS_SEEN[key] = _parse_sheet_parts(*key)
    return dict(found)


_PARTS_SEEN: dict[tuple[bytes, bytes], dict[str, str]] = {}


def _parse_sheet_parts(workbook_xml: bytes, rels_xml: bytes) -> dict[str, str]:
    workbook = ElementTree.fromstring(workbook_xml)
    rels = ElementTree.fromstring(rels_xml)
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    parts = {}
    for sheet in workbook.iter():
        if sheet.tag.endswith("}sheet") and (rid := sheet.get(_NS_REL)) in targets:
            target = targets[rid].lstrip("/")
            parts[sheet.get("name", "")] = target if target.startswith("xl/") else f"xl/{target}"
    return parts
