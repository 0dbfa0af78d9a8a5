"""Reading a référentiel file into a :class:`Referentiel`, or into located issues.

YAML is composed once to learn the line of every node, so that a schema error reads
``dimensions[2].criteres[0].indicateurs[3].scoring.bands, ligne 88`` rather than a
pydantic location tuple. Questions taken from the shared library (``use``) are put in
place before the model is validated (:mod:`evalsoc.referentiel.library`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from evalsoc.catalogue import Code
from evalsoc.issues import Issue, Loc, format_path, make_issue
from evalsoc.referentiel.fingerprint import canonical_hash
from evalsoc.referentiel.library import library_for, load_library, resolve_uses
from evalsoc.referentiel.model import Referentiel

__all__ = ["LoadResult", "load_file", "load_text", "schema_problem"]

# libyaml's safe loader when present (ten times faster), else the pure-Python one
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class LoadResult:
    """A référentiel (when the schema is met) and the issues found while loading it."""

    file: str
    referentiel: Referentiel | None
    issues: tuple[Issue, ...] = ()
    lines: dict[Loc, int] = field(default_factory=dict)
    hash: str | None = None

    def line_of(self, loc: Loc) -> int | None:
        """The line of ``loc`` or of its nearest ancestor present in the file."""
        for end in range(len(loc), -1, -1):
            if (line := self.lines.get(loc[:end])) is not None:
                return line
        return None


def load_file(path: Path) -> LoadResult:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        issue = make_issue(Code.REF_YAML_SYNTAX, file=str(path), detail=str(err))
        return LoadResult(str(path), None, (issue,))
    return load_text(text, str(path))


def load_text(text: str, file: str, library: Path | None = None) -> LoadResult:
    """``library``: the shared questions' file (by default, the one beside the
    référentiel's folder, else the référentiels' own)."""
    try:
        root = yaml.compose(text, Loader=_LOADER)
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        detail = getattr(err, "problem", None) or str(err)
        issue = make_issue(Code.REF_YAML_SYNTAX, file=file, line=line, detail=detail)
        return LoadResult(file, None, (issue,))
    lines = dict(_node_lines(root, ())) if root is not None else {}
    if _uses(data):
        shared = load_library(library or library_for(file))
        data, found = resolve_uses(data, shared, file, lambda loc: _line(lines, loc))
        if found:
            return LoadResult(file, None, (*shared.issues, *found), lines)
    try:
        referentiel = Referentiel.model_validate(data)
    except ValidationError as err:
        issues = tuple(_schema_issue(e, data, file, lines) for e in err.errors())
        return LoadResult(file, None, issues, lines)
    return LoadResult(file, referentiel, (), lines, canonical_hash(referentiel))


def _uses(data: Any) -> bool:
    """Whether the document takes a question from the shared library anywhere."""
    if isinstance(data, dict):
        return "use" in data or any(_uses(v) for v in data.values())
    if isinstance(data, list):
        return any(_uses(v) for v in data)
    return False


def _line(lines: dict[Loc, int], loc: Loc) -> int | None:
    return next((lines[loc[:n]] for n in range(len(loc), -1, -1) if loc[:n] in lines), None)


def _node_lines(node: yaml.Node, loc: Loc) -> Iterator[tuple[Loc, int]]:
    yield loc, node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield (*loc, key.value), key.start_mark.line + 1
            yield from _node_lines(value, (*loc, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _node_lines(item, (*loc, index))


def schema_problem(error: Any, data: Any) -> tuple[Loc, str]:
    """Where in the document (``data``) a pydantic error is, and what it says in French."""
    loc = _data_loc(tuple(error["loc"]), data)
    if error["type"] == "union_tag_invalid":
        loc = (*loc, "method")
    return loc, _french_detail(error)


def _schema_issue(error: Any, data: Any, file: str, lines: dict[Loc, int]) -> Issue:
    loc, detail = schema_problem(error, data)
    line = next((lines[loc[:n]] for n in range(len(loc), -1, -1) if loc[:n] in lines), None)
    return make_issue(Code.REF_SCHEMA, file=file, path=format_path(loc) or "(racine)",
                      line=line, detail=detail)


def _data_loc(loc: Loc, data: Any) -> Loc:
    """Drop the parts pydantic adds that are not in the document (union tags)."""
    out: list[str | int] = []
    node = data
    for part in loc:
        if _has(node, part):
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and _is_field_name(part):
            node = None  # a missing or unexpected field: keep its name
        else:
            continue
        out.append(part)
    return tuple(out)


def _has(node: Any, part: str | int) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and part < len(node)


def _is_field_name(part: str) -> bool:
    return part.replace("_", "").isalpha() and part.islower()


_MESSAGES = {
    "missing": "champ obligatoire absent",
    "extra_forbidden": "champ inconnu",
    "string_pattern_mismatch": "format d'identifiant invalide",
    "greater_than": "doit être strictement positif",
    "less_than_equal": "valeur trop grande",
    "greater_than_equal": "valeur trop petite",
    "literal_error": "valeur non autorisée",
    "enum": "valeur non autorisée",
    "union_tag_invalid": "méthode de notation inconnue",
    "union_tag_not_found": "méthode de notation (« method ») absente",
    "too_short": "liste trop courte",
    "float_parsing": "nombre attendu",
    "string_type": "texte attendu",
    "bool_parsing": "oui/non attendu (true ou false)",
}


def _french_detail(error: Any) -> str:
    base = str(_MESSAGES.get(error["type"], error["msg"]))
    ctx = error.get("ctx") or {}
    if "expected" in ctx:
        base += f" (attendu : {ctx['expected']})"
    elif "pattern" in ctx:
        base += f" (motif : {ctx['pattern']})"
    elif "gt" in ctx or "ge" in ctx or "le" in ctx:
        bound = ctx.get("gt", ctx.get("ge", ctx.get("le")))
        base += f" (limite : {bound})"
    value = error.get("input")
    if error["type"] != "missing" and isinstance(value, (str, int, float)):
        base += f", reçu « {value} »"
    return base
