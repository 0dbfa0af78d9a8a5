"""The shared question library: a question that several référentiels ask, defined once.

The total of the produits, the payroll, the FTEs... are asked by the utilité-sociale
référentiel and by the financial self-diagnosis. They are defined once, in
``<référentiels>/questions-partagees.yaml``, and a référentiel takes them with ``use``:

- in a tree of indicators, ``{use: budget_total}`` stands for the whole question;
- in a diagnostic's section, ``{use: budget_total, label: Total des produits, ...}`` is a
  line whose reference-period question is the shared one (its other periods get their
  own ids, ``budget_total_n1``).

``use`` is resolved when the YAML is read (:func:`resolve_uses`), before the model is
validated: the référentiel holds the full question, and its fingerprint covers it. A
shared question therefore never changes once a published référentiel uses it (the lock
would refuse it, REF016): add a new question instead. The same id in two référentiels
then means the same question, which is what lets a campaign that asks both ask it once
(:mod:`evalsoc.referentiel.bundle`). A référentiel that writes a shared question out in
full (as ``ardes-culture@1.0.0`` did before the library) must write it identically:
``referentiel check`` says where it does not (QLIB005).

Format of the library file::

    format: evalsoc-questions
    schema_version: 1
    questions:
      - {id: budget_total, label: ..., type: amount, ...}   # as in a référentiel
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from evalsoc.catalogue import Code
from evalsoc.issues import Issue, Loc, format_path, make_issue
from evalsoc.referentiel.model import Question, Referentiel

__all__ = ["LIBRARY_NAME", "Library", "library_for", "load_library", "resolve_uses",
           "shared_mismatches"]

LIBRARY_NAME = "questions-partagees.yaml"
FORMAT = "evalsoc-questions"
# what a line taking a shared question may not say again: the question is the library's
DEFINITION = frozenset({"type", "unit", "min", "max", "description", "required",
                        "allow_non_concerne", "group", "scale", "options", "cap", "weight"})
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Library:
    """The shared questions (as written, each a valid question) and the problems found
    in the file."""

    file: str
    questions: dict[str, dict[str, Any]] = field(default_factory=dict)
    issues: tuple[Issue, ...] = ()

    def known(self) -> str:
        return ", ".join(self.questions) or "aucune"


def library_for(referentiel_file: str | None) -> Path:
    """The library beside a référentiel file (``<root>/<id>/<version>.yaml``), else the
    one of the référentiels' folder (EVALSOC_REFERENTIELS, the installed copy, the
    repository's)."""
    if referentiel_file:
        beside = Path(referentiel_file).parent.parent / LIBRARY_NAME
        if beside.is_file():
            return beside
    if env := os.environ.get("EVALSOC_REFERENTIELS"):
        return Path(env) / LIBRARY_NAME
    package = Path(__file__).resolve().parent.parent
    bundled = package / "_referentiels"
    root = bundled if bundled.is_dir() else package.parent / "referentiels"
    return root / LIBRARY_NAME


def load_library(path: Path) -> Library:
    """The library at ``path`` (an empty one when there is no file)."""
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return Library(str(path))
    return _load(path, stamp)


@cache
def _load(path: Path, _stamp: int) -> Library:
    file = str(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        return Library(file, issues=(make_issue(Code.QLIB_LIBRARY, file=file,
                                                detail=str(err).splitlines()[0]),))
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(
            data.get("questions"), list):
        detail = f"le fichier doit commencer par « format: {FORMAT} » et lister « questions »"
        return Library(file, issues=(make_issue(Code.QLIB_LIBRARY, file=file,
                                                detail=detail),))
    questions: dict[str, dict[str, Any]] = {}
    issues: list[Issue] = []
    for index, entry in enumerate(data["questions"]):
        where = format_path(("questions", index))
        try:
            question = Question.model_validate(entry)
        except ValidationError as err:
            first = err.errors()[0]
            detail = f"{where} : {format_path(tuple(first['loc']))} {first['msg']}"
            issues.append(make_issue(Code.QLIB_LIBRARY, file=file, detail=detail))
            continue
        if question.id in questions:
            issues.append(make_issue(Code.QLIB_LIBRARY, file=file,
                                     detail=f"{where} : « {question.id} » est en double"))
            continue
        questions[question.id] = dict(entry)
    return Library(file, questions, tuple(issues))


Located = Callable[[Loc], int | None]


def resolve_uses(data: Any, library: Library, file: str, line_of: Located
                 ) -> tuple[Any, list[Issue]]:
    """The document with every ``use`` replaced by the shared question it names (a copy:
    ``data`` is left as it is), and the problems met."""
    if not isinstance(data, dict):
        return data, []
    out = copy.deepcopy(data)
    issues: list[Issue] = []

    def fail(code: Code, loc: Loc, **fields: object) -> None:
        issues.append(make_issue(code, file=file, path=format_path(loc), line=line_of(loc),
                                 library=library.file, known=library.known(), **fields))

    for loc, question in _tree_questions(out):
        if isinstance(question, dict) and "use" in question:
            replaced = _shared(question, loc, library, fail, extra_allowed=frozenset())
            if replaced is not None:
                _set(out, loc, replaced)
    for loc, line in _diagnostic_lines(out):
        if isinstance(line, dict) and "use" in line:
            _resolve_line(line, loc, library, fail)
    return out, issues


def _shared(entry: dict[str, Any], loc: Loc, library: Library,
            fail: Callable[..., None], extra_allowed: frozenset[str]) -> dict[str, Any] | None:
    name = entry.get("use")
    if not isinstance(name, str) or name not in library.questions:
        fail(Code.QLIB_UNKNOWN, (*loc, "use"), name=name)
        return None
    for key in entry:
        if key != "use" and key not in extra_allowed:
            fail(Code.QLIB_REDEFINED, (*loc, key), key=key, name=name)
    return copy.deepcopy(library.questions[name])


def _resolve_line(line: dict[str, Any], loc: Loc, library: Library,
                  fail: Callable[..., None]) -> None:
    name = line.get("use")
    if not isinstance(name, str) or name not in library.questions:
        fail(Code.QLIB_UNKNOWN, (*loc, "use"), name=name)
        line.pop("use", None)
        return
    for key in DEFINITION & set(line):
        fail(Code.QLIB_REDEFINED, (*loc, key), key=key, name=name)
    line.setdefault("id", name)
    if line["id"] != name:
        fail(Code.QLIB_LINE_ID, (*loc, "id"), line_id=line["id"], name=name)
    shared = copy.deepcopy(library.questions[name])
    line["use"] = shared
    line["type"] = shared.get("type", "amount")  # the line's reading is the question's


def _tree_questions(data: dict[str, Any]) -> list[tuple[Loc, Any]]:
    found: list[tuple[Loc, Any]] = []
    for d, dim in _items(data.get("dimensions")):
        for c, crit in _items(dim.get("criteres") if isinstance(dim, dict) else None):
            for i, ind in _items(crit.get("indicateurs") if isinstance(crit, dict) else None):
                questions = ind.get("questions") if isinstance(ind, dict) else None
                for q, question in _items(questions):
                    found.append((("dimensions", d, "criteres", c, "indicateurs", i,
                                   "questions", q), question))
    return found


def _diagnostic_lines(data: dict[str, Any]) -> list[tuple[Loc, Any]]:
    section = data.get("diagnostic")
    if not isinstance(section, dict):
        return []
    return [(("diagnostic", "sections", s, "lines", n), line)
            for s, part in _items(section.get("sections"))
            for n, line in _items(part.get("lines") if isinstance(part, dict) else None)]


def _items(value: Any) -> list[tuple[int, Any]]:
    return list(enumerate(value)) if isinstance(value, list) else []


def _set(data: dict[str, Any], loc: Loc, value: Any) -> None:
    node: Any = data
    for part in loc[:-1]:
        node = node[part]
    node[loc[-1]] = value


def shared_mismatches(ref: Referentiel, library: Library) -> list[tuple[str, list[str]]]:
    """The questions of ``ref`` that carry a shared question's id without being that
    question: (question id, the fields that differ)."""
    found: list[tuple[str, list[str]]] = []
    for question in ref.questions().values():
        entry = library.questions.get(question.id)
        if entry is None:
            continue
        shared = Question.model_validate(entry)
        if question != shared:
            fields = [name for name in Question.model_fields
                      if getattr(question, name) != getattr(shared, name)]
            found.append((question.id, fields))
    return found
