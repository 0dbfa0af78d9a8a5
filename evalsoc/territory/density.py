"""The INSEE communal density grid (7 levels), read from its published CSV format.

INSEE publishes the grid as a table of communes: ``CODGEO`` (the commune's code in the
official geographic code, 5 characters, ``2A``/``2B`` for Corsica), ``LIBGEO`` (its
name), ``DENS`` (the level, 1 to 7) and ``LIBDENS`` (its label), usually with ``;``
between columns; some editions name the level column ``DENS7`` or « Degré de
densité ». This reader accepts those spellings, a ``,`` or tab separator, a UTF-8 file
(with or without BOM) or a Windows one, a few title lines before the header, and a code
that a spreadsheet stripped of its leading zero (``1001`` for ``01001``). Every line it
cannot use is an issue naming the file, the line and the raw value; the lines it can
use are kept (one bad line never loses the table).

Levels: 1 grands centres urbains, 2 centres urbains intermédiaires, 3 ceintures
urbaines, 4 petites villes, 5 bourgs ruraux, 6 rural à habitat dispersé, 7 rural à
habitat très dispersé. Rural communes are levels 5 to 7 (the référentiel's parameter
``rural_min``).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from evalsoc.answers.normalize import canon
from evalsoc.catalogue import Code
from evalsoc.issues import Issue, Severity, make_issue
from evalsoc.support.files import os_reason, read_regular

__all__ = ["LEVELS", "DensityTable", "normal_code", "read_density"]

LEVELS = {1: "Grands centres urbains", 2: "Centres urbains intermédiaires",
          3: "Ceintures urbaines", 4: "Petites villes", 5: "Bourgs ruraux",
          6: "Rural à habitat dispersé", 7: "Rural à habitat très dispersé"}
_CODE_NAMES = {"codgeo", "code_commune", "code_geographique", "com", "code_insee", "depcom"}
_LEVEL_NAMES = {"dens", "dens7", "densite", "degre_de_densite", "degre_de_densite_de_la_commune",
                "typo_degre_densite", "grille_densite", "niveau"}
SEPARATORS = (";", ",", "\t")
_HEADER_SEARCH = 12  # lines: INSEE's own files put a title and a source before the header
_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")


@dataclass
class DensityTable:
    """Commune code -> level (1 to 7), and what could not be read."""

    file: str
    levels: dict[str, int] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not any(i.severity is Severity.ERROR for i in self.issues) and bool(self.levels)

    def level_of(self, commune: str) -> int | None:
        code = normal_code(commune)
        return self.levels.get(code) if code is not None else None


def normal_code(raw: str) -> str | None:
    """``"1001"`` -> ``"01001"``, ``" 2a004 "`` -> ``"2A004"``; None when it is not a
    commune code."""
    code = raw.strip().upper()
    if code.isdigit() and len(code) == 4:
        code = "0" + code
    return code if _CODE.match(code) else None


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", canon(name)).strip("_")


def _decode(data: bytes, out: DensityTable) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        out.issues.append(make_issue(Code.RUR_ENCODING, file=out.file))
        return data.decode("cp1252", errors="replace")


def _separator(line: str) -> str:
    counts = {sep: line.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ";"


def _header(rows: list[list[str]]) -> tuple[int, int, int] | None:
    """(line index, code column, level column) of the header row."""
    for index, row in enumerate(rows[:_HEADER_SEARCH]):
        keys = [_key(c) for c in row]
        code = next((i for i, k in enumerate(keys) if k in _CODE_NAMES), None)
        level = next((i for i, k in enumerate(keys) if k in _LEVEL_NAMES), None)
        if code is not None and level is not None:
            return index, code, level
    return None


def read_density(path: Path) -> DensityTable:
    """The grid of ``path``; issues for what could not be read (RUR001-RUR005)."""
    out = DensityTable(str(path))
    try:
        text = _decode(read_regular(path), out)
    except OSError as err:
        out.issues.append(make_issue(Code.RUR_UNREADABLE, file=out.file, detail=os_reason(err)))
        return out
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        out.issues.append(make_issue(Code.RUR_EMPTY, file=out.file))
        return out
    first = next(line for line in lines if line.strip())
    for separator in SEPARATORS:  # the one whose header names both columns
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
        found = _header(rows)
        if found is not None:
            break
    else:
        out.issues.append(make_issue(Code.RUR_NO_COLUMNS, file=out.file, line=1,
                                     found=", ".join(c.strip() for c in first.split(
                                         _separator(first)) if c.strip()) or "aucune"))
        return out
    start, code_at, level_at = found
    seen: dict[str, int] = {}
    for line, row in enumerate(rows[start + 1:], start=start + 2):
        if not any(c.strip() for c in row):
            continue
        raw_code = row[code_at] if code_at < len(row) else ""
        raw_level = row[level_at].strip() if level_at < len(row) else ""
        code = normal_code(raw_code)
        level = int(raw_level) if raw_level.isdigit() and 1 <= int(raw_level) <= 7 else None
        if code is None:
            out.issues.append(make_issue(Code.RUR_BAD_CODE, file=out.file, line=line,
                                         raw=raw_code))
        elif level is None:
            out.issues.append(make_issue(Code.RUR_BAD_LEVEL, file=out.file, line=line,
                                         raw=raw_level, commune=code))
        elif code in out.levels and out.levels[code] != level:
            out.issues.append(make_issue(Code.RUR_DUPLICATE, file=out.file, line=line,
                                         commune=code, other=seen[code], raw=raw_level))
        else:
            out.levels[code] = level
            seen.setdefault(code, line)
    if not out.levels and not any(i.code is Code.RUR_BAD_LEVEL for i in out.issues):
        out.issues.append(make_issue(Code.RUR_EMPTY, file=out.file))
    return out
