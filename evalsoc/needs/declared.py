"""The needs a structure declares and the consultant's choices, read from the CSV that
``evalsoc besoins modele`` writes (one row per structure and theme): the declared need
(0 to 3), the consultant's priority (0 to 3), the accompaniment chosen and a comment."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from evalsoc.answers.normalize import parse_number
from evalsoc.catalogue import Code
from evalsoc.issues import Issue, make_issue
from evalsoc.needs.themes import THEMES
from evalsoc.support.files import os_reason, read_regular
from evalsoc.support.text import canon

__all__ = ["COLUMNS", "Declared", "DeclaredRead", "read_declared"]

COLUMNS = ("structure", "theme", "besoin_declare", "priorite", "accompagnement", "commentaire")
_REQUIRED = ("structure", "theme")
_THEMES = {**{t.id: t.id for t in THEMES}, **{canon(t.label): t.id for t in THEMES}}


@dataclass(frozen=True)
class Declared:
    structure: str
    theme: str
    declared: int | None = None
    priority: int | None = None
    accompaniment: str = ""
    comment: str = ""


@dataclass
class DeclaredRead:
    file: str
    rows: dict[tuple[str, str], Declared] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)


def _level(raw: str, column: str, where: dict[str, object], out: DeclaredRead) -> int | None:
    if not raw.strip():
        return None
    value = parse_number(raw)
    if value is None or value != int(value) or not 0 <= value <= 3:
        out.issues.append(make_issue(Code.BES_LEVEL, raw=raw, column=column, **where))
        return None
    return int(value)


def read_declared(path: Path) -> DeclaredRead:
    out = DeclaredRead(str(path))
    try:
        data = read_regular(path, 5_000_000)
    except OSError as err:
        out.issues.append(make_issue(Code.BES_UNREADABLE, file=out.file, detail=os_reason(err)))
        return out
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    header = text.split("\n", 1)[0]
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""),
                               delimiter=max((";", ",", "\t"), key=header.count)))
    except csv.Error as err:
        out.issues.append(make_issue(Code.BES_UNREADABLE, file=out.file, detail=str(err)))
        return out
    names = [h.strip().lower() for h in rows[0]] if rows else []
    missing = [c for c in _REQUIRED if c not in names]
    if missing:
        out.issues.append(make_issue(Code.BES_COLUMNS, file=out.file, line=1, missing=missing,
                                     expected=", ".join(COLUMNS)))
        return out
    for line, row in enumerate(rows[1:], start=2):
        values = {h: v.strip() for h, v in zip(names, row, strict=False)}
        if not any(values.values()):
            continue
        where: dict[str, object] = {"file": out.file, "line": line}
        theme = _THEMES.get(values.get("theme", "")) or _THEMES.get(canon(values.get("theme", "")))
        if theme is None:
            out.issues.append(make_issue(Code.BES_THEME, raw=values.get("theme", ""),
                                         known=", ".join(t.id for t in THEMES),
                                         path="colonne theme", **where))
            continue
        key = (values.get("structure", ""), theme)
        if key in out.rows:
            out.issues.append(make_issue(Code.BES_DUPLICATE, structure=key[0], theme=theme,
                                         **where))
            continue
        out.rows[key] = Declared(
            key[0], theme, _level(values.get("besoin_declare", ""), "besoin_declare",
                                  {**where, "path": "colonne besoin_declare"}, out),
            _level(values.get("priorite", ""), "priorite",
                   {**where, "path": "colonne priorite"}, out),
            values.get("accompagnement", ""), values.get("commentaire", ""))
    return out
