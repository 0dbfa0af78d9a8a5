"""What a reader finds in an ODT and in an HTML page: the text, and each table's cells,
in document order (for the tests that compare the formats of one report)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import lxml.html
from lxml import etree

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


def flat(text: str) -> str:
    """Whitespace of every kind (line breaks, no-break spaces) as one space."""
    return " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())


def _content(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as odt:
        return etree.fromstring(odt.read("content.xml"))


def odt_text(path: Path) -> str:
    """Every paragraph, heading and cell of the document, flattened."""
    root = _content(path)
    parts = ["".join(e.itertext()) for e in root.iter(f"{{{TEXT}}}p", f"{{{TEXT}}}h")]
    return flat(" ".join(parts))


def odt_tables(path: Path) -> list[list[list[str]]]:
    """Each table's rows of cells (empty trailing cells of a colspan dropped)."""
    found = []
    for table in _content(path).iter(f"{{{TABLE}}}table"):
        rows = [[flat("".join(c.itertext())) for c in row.iter(f"{{{TABLE}}}table-cell")]
                for row in table.iter(f"{{{TABLE}}}table-row")]
        found.append(rows)
    return found


def html_tables(path: Path) -> list[list[list[str]]]:
    """Each table's rows of cells as the page shows them (a colspan as empty cells)."""
    page = lxml.html.document_fromstring(re.sub(r"<svg\b.*?</svg>", "",
                                                path.read_text(encoding="utf-8"),
                                                flags=re.S))
    found = []
    for table in page.iter("table"):
        rows = []
        for tr in table.iter("tr"):
            cells: list[str] = []
            for cell in tr:
                if cell.tag in ("th", "td"):
                    cells.append(flat(cell.text_content()))
                    cells += [""] * (int(cell.get("colspan", "1") or 1) - 1)
            rows.append(cells)
        found.append(rows)
    return found
