"""The readable text of a document evalsoc wrote (HTML, ODT, XLSX, JSON, CSV, TXT), for
checks that look for words in what is published (the quotes' audit,
:mod:`evalsoc.publish.quote_audit`). Markup is dropped, entities decoded, and blocks
(paragraphs, cells) separated by a space; a PDF is not read here (its text is the
HTML's, written from the same report model)."""

from __future__ import annotations

import html
import json
import re
import zipfile
from io import BytesIO
from pathlib import Path
from typing import Any

from evalsoc.support.files import read_regular

__all__ = ["READABLE", "document_text"]

READABLE = (".html", ".htm", ".odt", ".xlsx", ".json", ".csv", ".txt")
_LIMIT = 200 * 1024 * 1024  # bytes read of one document, at most
_BLOCK = re.compile(r"<(?:/?(?:p|h\d|td|th|li|div|br|blockquote|footer|figcaption|tr|"
                    r"text:p|text:h|text:line-break|table:table-cell|si|c|row)\b)[^>]*>")
_TAG = re.compile(r"<[^>]*>")
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)


def _markup(text: str) -> str:
    text = _SCRIPT.sub(" ", text)
    return html.unescape(_TAG.sub("", _BLOCK.sub(" ", text)))


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _zipped(data: bytes, prefix: tuple[str, ...]) -> str:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        parts = [n for n in archive.namelist() if n.startswith(prefix) and n.endswith(".xml")]
        return " ".join(_markup(archive.read(n).decode("utf-8", "replace")) for n in parts)


def document_text(path: Path) -> str | None:
    """The text of ``path``, None for a kind of file this module does not read."""
    suffix = path.suffix.lower()
    if suffix not in READABLE:
        return None
    data = read_regular(path, _LIMIT)
    if suffix in (".html", ".htm"):
        return _markup(data.decode("utf-8", "replace"))
    if suffix == ".odt":
        return _zipped(data, ("content.xml", "styles.xml"))
    if suffix == ".xlsx":
        return _zipped(data, ("xl/sharedStrings.xml", "xl/worksheets/"))
    text = data.decode("utf-8-sig", "replace")
    if suffix == ".json":
        try:
            return " ".join(_strings(json.loads(text)))
        except ValueError:
            return text
    return text
