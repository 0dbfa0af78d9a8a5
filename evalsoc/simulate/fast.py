"""Filled workbooks at the speed of a zip file: one writer-built template, patched per use.

Building and saving a workbook with openpyxl takes about 0.1 s, which is minutes for a
10,000-structure benchmark. Every workbook of one kind (a structure's, or one group's
individual form) differs only by its identity and its answers, so the writer builds it
once with marker values in place of the identity; each copy then replaces the markers
in the saved XML and writes the answer cells straight into the sheets. The answer cells
already exist, styled, in the template: a value is added, the style is kept. Anything
unexpected (a marker the writer transformed, a cell missing from the template) makes
:meth:`Template.render` return None, and the caller falls back to openpyxl.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from evalsoc.simulate.fill import Cell, CellValue

__all__ = ["Template"]

_HEADER = re.compile(rb"<(odd|even|first)(Header|Footer)>(.*?)</\1\2>", re.S)
_CELL = re.compile(rb'<c r="([A-Z]{1,3}[0-9]+)"((?:\s+[a-zA-Z:]+="[^"]*")*)\s*(/>|>.*?</c>)',
                   re.S)
_STYLE = re.compile(rb'\ss="[0-9]+"')
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_EPOCH = date(1899, 12, 30)
_CORE = "docProps/core.xml"
_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")
_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "p": "http://schemas.openxmlformats.org/package/2006/relationships"}


@dataclass(frozen=True)
class _Sheet:
    """A sheet part cut at its cells: ``segments[i]`` is the XML of cell ``cells[ref]``."""

    segments: tuple[bytes, ...]
    cells: dict[bytes, tuple[int, bytes]]  # A1 -> (segment index, style attribute)

    @classmethod
    def cut(cls, data: bytes) -> _Sheet:
        segments: list[bytes] = []
        cells: dict[bytes, tuple[int, bytes]] = {}
        last = 0
        for match in _CELL.finditer(data):
            segments.append(data[last:match.start()])
            style = _STYLE.search(match.group(2))
            cells[match.group(1)] = (len(segments), style.group(0) if style else b"")
            segments.append(match.group(0))
            last = match.end()
        segments.append(data[last:])
        return cls(tuple(segments), cells)

    def fill(self, cells: list[Cell]) -> bytes | None:
        segments = list(self.segments)
        for cell in cells:
            ref = f"{get_column_letter(cell.col)}{cell.row}".encode()
            found = self.cells.get(ref)
            if found is None:
                return None  # not a styled answer cell of the template
            segments[found[0]] = _cell_xml(ref, found[1], cell.value)
        return b"".join(segments)


@dataclass(frozen=True)
class Template:
    """A saved workbook's parts, its sheets cut at their cells, and the markers it holds."""

    parts: dict[str, bytes]
    sheets: dict[str, tuple[str, _Sheet]]  # sheet name -> (part name, cut sheet)
    marked: frozenset[str]  # parts holding a marker
    usable: bool

    @classmethod
    def from_workbook(cls, wb: Workbook, markers: tuple[str, ...]) -> Template:
        buffer = io.BytesIO()
        wb.save(buffer)
        with zipfile.ZipFile(buffer) as package:
            parts = {name: package.read(name) for name in package.namelist()}
        sheets = {name: (part, _Sheet.cut(parts[part]))
                  for name, part in _sheet_parts(parts).items()}
        marked = frozenset(n for n, d in parts.items() if any(m.encode() in d for m in markers))
        return cls(parts, sheets, marked, not any(_altered(d, markers) for d in parts.values()))

    def render(self, values: dict[str, str], cells: list[Cell], stamp: datetime
               ) -> bytes | None:
        """The package with markers replaced by ``values``, ``cells`` typed in, and
        ``stamp`` as the time of every part: the same inputs give the same bytes."""
        texts = [*values.values(), *(c.value for c in cells if isinstance(c.value, str))]
        if not self.usable or any(_ILLEGAL.search(t) or _has_marker(t, values) for t in texts):
            return None  # openpyxl refuses these characters, or a value looks like a marker
        by_sheet: dict[str, list[Cell]] = {}
        for cell in cells:
            by_sheet.setdefault(cell.sheet, []).append(cell)
        patched: dict[str, bytes] = {}
        for name, typed in by_sheet.items():
            if name not in self.sheets:
                return None
            part, sheet = self.sheets[name]
            data = sheet.fill(typed)
            if data is None:
                return None
            patched[part] = data
        when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
            for name, data in self.parts.items():
                info = zipfile.ZipInfo(name, stamp.timetuple()[:6])
                info.compress_type = zipfile.ZIP_DEFLATED
                package.writestr(info, self._final(name, patched.get(name, data), values, when),
                                 compresslevel=1)
        return out.getvalue()

    def _final(self, name: str, data: bytes, values: dict[str, str], when: bytes) -> bytes:
        """A part with the identity in place of the markers, and the given time."""
        if name == _CORE:
            data = _DATES.sub(rb"\g<1>" + when + rb"\g<2>", data)
        if name not in self.marked:
            return data
        data = _HEADER.sub(lambda m: _replace(m.group(0), values, True), data)
        return _replace(data, values, False)


def _altered(data: bytes, markers: tuple[str, ...]) -> bool:
    """True when a marker shows up transformed (another case): the writer changed it."""
    folded = data.lower()
    return any(folded.count(m.lower().encode()) != data.count(m.encode()) for m in markers)


def _has_marker(text: str, values: dict[str, str]) -> bool:
    return any(marker in text for marker in values)


def _sheet_parts(parts: dict[str, bytes]) -> dict[str, str]:
    book = ElementTree.fromstring(parts["xl/workbook.xml"])
    rels = ElementTree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("p:Relationship", _NS)}
    found: dict[str, str] = {}
    for sheet in book.findall("m:sheets/m:sheet", _NS):
        target = targets.get(sheet.get(f"{{{_NS['r']}}}id"), "")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        found[sheet.get("name", "")] = path
    return found


def _replace(data: bytes, values: dict[str, str], header: bool) -> bytes:
    for marker, value in values.items():
        shown = value.replace("&", "&&") if header else value
        data = data.replace(marker.encode(), _text(shown))
    return data


def _text(value: str) -> bytes:
    return escape(value, {"\r": "&#13;"}).encode()


def _cell_xml(ref: bytes, style: bytes, value: CellValue) -> bytes:
    if isinstance(value, str):
        text = _text(value)
        return (b'<c r="' + ref + b'"' + style + b' t="inlineStr"><is><t xml:space="preserve">'
                + text + b"</t></is></c>")
    number = float((value - _EPOCH).days) if isinstance(value, date) else value
    shown = repr(number) if isinstance(number, float) and not number.is_integer() \
        else str(int(number))
    return b'<c r="' + ref + b'"' + style + b' t="n"><v>' + shown.encode() + b"</v></c>"
