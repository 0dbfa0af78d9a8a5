"""The structures registry (CSV) and the file names of their questionnaires.

French Excel saves "CSV" with ";" and in Windows-1252, "CSV UTF-8" with a BOM; other
tools use ",". The separator is sniffed from the header line, the encoding tried in that
order. Bad rows become issues (catalogue codes) and are left out; good rows go on.
Output names are a slug of the name plus the stable id, checked to stay in the folder.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from evalsoc.answers.model import StructureInfo
from evalsoc.answers.normalize import canon
from evalsoc.catalogue import Code
from evalsoc.excel import layout
from evalsoc.issues import Issue, Severity, make_issue
from evalsoc.support.files import os_reason, read_regular

__all__ = [
    "COLUMNS",
    "StructuresRead",
    "read_structures",
    "safe_path",
    "slug",
    "structure_stem",
]

COLUMNS = ("structure_id", "nom", "departement", "commune", "discipline", "territoire",
           "taille", "consentement")
_ALIASES = {"id": "structure_id", "identifiant": "structure_id", "name": "nom",
            "nom_de_la_structure": "nom", "dept": "departement", "consent": "consentement"}
_FIELDS = {"structure_id": "id", "nom": "name"}
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
             *(f"LPT{i}" for i in range(1, 10))}
SLUG_LENGTH = 50


@dataclass
class StructuresRead:
    """The structures of one registry file, and what was wrong with the others."""

    file: str
    structures: list[StructureInfo] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    # columns evalsoc does not know (a contact, an email), by structure id, as written:
    # never stored in the base, only carried to the campaign desk's table (mail merges)
    extra: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not any(i.severity is Severity.ERROR for i in self.issues)


def _decode(data: bytes, out: StructuresRead) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        out.issues.append(make_issue(Code.STR_ENCODING, file=out.file))
        return data.decode("cp1252", errors="replace")


def _separator(text: str) -> str:
    header = text.split("\n", 1)[0]
    counts = {sep: header.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ";"


def _column(name: str) -> str:
    key = re.sub(r"[\s\-]+", "_", canon(name))
    return _ALIASES.get(key, key)


def _consent(raw: str, line: int, out: StructuresRead) -> str | None:
    for consent in layout.CONSENTS:
        if canon(raw) == canon(consent):
            return consent
    accepted = ", ".join(layout.CONSENTS)
    out.issues.append(make_issue(Code.STR_CONSENT, file=out.file, line=line, raw=raw,
                                 accepted=accepted))
    return None


def _row(values: dict[str, str], line: int, seen: dict[str, int],
         out: StructuresRead) -> StructureInfo | None:
    ident = values.get("structure_id", "")
    if not ident:
        name = values.get("nom") or "sans nom"
        out.issues.append(make_issue(Code.STR_MISSING_ID, file=out.file, line=line, name=name))
        return None
    if ident.casefold() in seen:
        out.issues.append(make_issue(Code.STR_DUPLICATE_ID, file=out.file, line=line, id=ident,
                                     other=seen[ident.casefold()]))
        return None
    seen[ident.casefold()] = line
    fields = {_FIELDS.get(k, k): v for k, v in values.items() if v and k != "consentement"}
    if consent := values.get("consentement"):
        fields["consentement"] = _consent(consent, line, out) or ""
    return StructureInfo(**{k: v for k, v in fields.items() if v})


def _header(header: list[str], out: StructuresRead) -> list[str] | None:
    columns = [_column(h) for h in header]
    if "structure_id" not in columns:
        found = ", ".join(h for h in header if h.strip()) or "aucune"
        out.issues.append(make_issue(Code.STR_NO_ID_COLUMN, file=out.file, line=1, found=found))
        return None
    unknown = [h for h, c in zip(header, columns, strict=True) if h.strip() and c not in COLUMNS]
    if unknown:
        out.issues.append(make_issue(Code.STR_UNKNOWN_COLUMNS, file=out.file, line=1,
                                     columns=", ".join(unknown), known=", ".join(COLUMNS)))
    return columns


def read_structures(path: Path) -> StructuresRead:
    """Every structure of the registry with an id; issues for the rows left out."""
    out = StructuresRead(str(path))
    try:
        text = _decode(read_regular(path), out)
    except OSError as err:
        out.issues.append(make_issue(Code.STR_UNREADABLE, file=out.file,
                                     detail=os_reason(err)))
        return out
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_separator(text))
    try:
        rows = list(reader)
    except csv.Error as err:
        out.issues.append(make_issue(Code.STR_UNREADABLE, file=out.file, detail=str(err)))
        return out
    columns = _header(rows[0], out) if rows else None
    if columns is None:
        if not rows:
            out.issues.append(make_issue(Code.STR_EMPTY, file=out.file))
        return out
    seen: dict[str, int] = {}
    header = [h.strip() for h in rows[0]]
    for line, row in enumerate(rows[1:], start=2):
        values = {c: v.strip() for c, v in zip(columns, row, strict=False) if c in COLUMNS}
        if any(values.values()) and (structure := _row(values, line, seen, out)):
            out.structures.append(structure)
            out.extra[structure.id] = {h: v.strip() for h, c, v in zip(
                header, columns, row, strict=False) if h and c not in COLUMNS}
    if not out.structures and out.valid:
        out.issues.append(make_issue(Code.STR_EMPTY, file=out.file))
    return out


def slug(text: str, length: int = SLUG_LENGTH, keep_case: bool = False) -> str:
    """Accents folded, anything but letters and digits turned into "-"."""
    bare = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    bare = bare if keep_case else bare.lower()
    cleaned = re.sub(r"[^A-Za-z0-9]+", "-", bare).strip("-")[:length].rstrip("-")
    return f"_{cleaned}" if cleaned.upper() in _RESERVED else cleaned


def structure_stem(structure: StructureInfo | None, blank: str) -> str:
    """``nom-de-la-structure_ID``: readable, and unique because the id is."""
    if structure is None:
        return blank
    parts = [slug(structure.name), slug(structure.id, keep_case=True)]
    return "_".join(p for p in parts if p) or "structure"


def safe_path(folder: Path, stem: str, suffix: str = ".xlsx") -> Path:
    """``folder/stem+suffix``, refused (ValueError) when it would land anywhere else."""
    name = f"{stem}{suffix}"
    if not stem or "/" in name or "\\" in name or stem.upper() in _RESERVED:
        raise ValueError(name)
    target = (folder / name).resolve()
    if target.parent != folder.resolve():
        raise ValueError(name)
    return target
