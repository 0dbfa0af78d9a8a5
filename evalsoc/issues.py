"""Issues: problems found in inputs, collected rather than raised.

An :class:`Issue` is data with a position (file, sheet, cell, document path, line) so that
the user sees where to act. Every issue is built by :func:`make_issue` from a code of the
single catalogue in :mod:`evalsoc.catalogue`; no message is written anywhere else.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, computed_field

from evalsoc.catalogue import CATALOGUE, Code

__all__ = ["Issue", "Loc", "Report", "Severity", "format_path", "make_issue"]

# where in a document (YAML or JSON) a problem sits: keys and list indexes from the root
Loc = tuple[str | int, ...]


class Severity(StrEnum):
    ERROR = "erreur"
    WARNING = "avertissement"


class Issue(BaseModel):
    """One problem, located as precisely as the input allows."""

    model_config = ConfigDict(frozen=True)

    code: Code
    severity: Severity
    message: str
    file: str | None = None
    file_sha256: str | None = None
    sheet: str | None = None
    cell: str | None = None
    path: str | None = None
    line: int | None = None
    question: str | None = None
    respondent: str | None = None
    raw: str | None = None

    def where(self) -> str:
        """The position as the user reads it: file, sheet!cell or path, line."""
        parts = [p for p in (self.file,) if p]
        if self.sheet:
            parts.append(f"{self.sheet}!{self.cell}" if self.cell else self.sheet)
        if self.path:
            parts.append(self.path)
        if self.line is not None:
            parts.append(f"ligne {self.line}")
        return ", ".join(parts)

    def render(self) -> str:
        where = self.where()
        return f"[{self.code}] {where + ' : ' if where else ''}{self.message}"


class Report(BaseModel):
    """The issues found in one input, valid when none is an error."""

    model_config = ConfigDict(frozen=True)

    source: str
    sha256: str | None = None
    structure: str | None = None
    issues: tuple[Issue, ...] = ()

    @computed_field  # type: ignore[prop-decorator]
    @property
    def valid(self) -> bool:
        return not any(i.severity is Severity.ERROR for i in self.issues)

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity is Severity.ERROR)

    def flatten(self) -> list[tuple[str, str | None]]:
        """(code, position) pairs: what tests assert on."""
        return [(i.code, i.cell or i.path) for i in self.issues]

    def extended(self, more: Iterable[Issue]) -> Report:
        return self.model_copy(update={"issues": (*self.issues, *more)})


def make_issue(code: Code, /, **fields: Any) -> Issue:
    """Build an issue from the catalogue; ``fields`` fill both the template and the position."""
    entry = CATALOGUE[code]
    position = {k: fields[k] for k in Issue.model_fields if k in fields}
    if "raw" in position and position["raw"] is not None:
        position["raw"] = str(position["raw"])
    params = {k: _show(v) for k, v in fields.items()}
    return Issue(
        code=code,
        severity=Severity.WARNING if entry.warning else Severity.ERROR,
        message=entry.template.format(**params),
        **position,
    )


def _show(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return value


def format_path(loc: Loc) -> str:
    """``("dimensions", 2, "criteres", 0)`` -> ``dimensions[2].criteres[0]``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
