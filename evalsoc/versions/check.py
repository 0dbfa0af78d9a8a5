"""``referentiel check`` of a crosswalk: every node and question of both versions
classified once, every id real, every conversion stated and possible.

Issues are located by a ``locate`` function (a document path to the position fields of
an issue): in a YAML file, its line (:func:`crosswalk_issues`); in a workbook, its sheet
and cell (:mod:`evalsoc.versions.workbook`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from evalsoc.catalogue import Code
from evalsoc.issues import Issue, Loc, Severity, format_path, make_issue
from evalsoc.referentiel.crosswalk import ChangeKind, CrosswalkEntry
from evalsoc.referentiel.loader import LoadResult
from evalsoc.referentiel.model import Referentiel
from evalsoc.referentiel.registry import (
    ReferentielNotFoundError,
    list_entries,
    load_entry,
    resolve,
)
from evalsoc.versions.conversion import conversion_problems
from evalsoc.versions.elements import nodes_of
from evalsoc.versions.unchanged import node_changes, question_changes

__all__ = ["Locate", "check_crosswalk", "crosswalk_issues", "previous_of", "version_key"]

Locate = Callable[[Loc], dict[str, Any]]
_BASE: Loc = ("crosswalk",)
_CONVERTING = frozenset({ChangeKind.RESCALED, ChangeKind.SPLIT, ChangeKind.MERGED})
_SHAPES: dict[ChangeKind, tuple[str, Callable[[CrosswalkEntry], bool]]] = {
    ChangeKind.SAME: ("un seul « old » et, au plus, le même identifiant en « new » (un "
                      "autre identifiant : renamed)",
                      lambda e: len(e.old) == 1 and e.new in ((), e.old)),
    ChangeKind.REWORDED: ("un seul « old » et, au plus, le même identifiant en « new » (un "
                          "autre identifiant : renamed)",
                          lambda e: len(e.old) == 1 and e.new in ((), e.old)),
    ChangeKind.RENAMED: ("un « old » et un « new » différents",
                         lambda e: len(e.old) == 1 and len(e.new) == 1 and e.new != e.old),
    ChangeKind.RESCALED: ("un seul « old » et au plus un « new »",
                          lambda e: len(e.old) == 1 and len(e.new) <= 1),
    ChangeKind.SPLIT: ("un seul « old » et ses parties en « new »",
                       lambda e: len(e.old) == 1 and len(e.new) >= 1),
    ChangeKind.MERGED: ("au moins deux « old » et un seul « new »",
                        lambda e: len(e.old) >= 2 and len(e.new) == 1),
    ChangeKind.DROPPED: ("un ou plusieurs « old » et aucun « new »",
                         lambda e: len(e.old) >= 1 and not e.new),
    ChangeKind.NEW: ("aucun « old » et un ou plusieurs « new »",
                     lambda e: not e.old and len(e.new) >= 1),
}


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def crosswalk_issues(loaded: LoadResult, root: Path | None = None) -> list[Issue]:
    """The crosswalk of a loaded file checked against its previous version, found in the
    registry (``root``); [] when the file declares none."""
    ref = loaded.referentiel
    if ref is None or ref.crosswalk is None:
        return []

    def locate(loc: Loc) -> dict[str, Any]:
        return {"file": loaded.file, "path": format_path(loc), "line": loaded.line_of(loc)}

    before, problem = previous_of(ref, root, locate)
    return problem if before is None else check_crosswalk(ref, before, locate)


def previous_of(ref: Referentiel, root: Path | None, locate: Locate
                ) -> tuple[Referentiel | None, list[Issue]]:
    """The version a crosswalk starts from, or why it cannot be used."""
    assert ref.crosswalk is not None
    where = locate((*_BASE, "previous"))
    wanted = f"{ref.id}@{ref.crosswalk.previous}"
    if version_key(ref.crosswalk.previous) >= version_key(ref.version):
        return None, [make_issue(Code.VER_PREVIOUS_NOT_OLDER, ref=ref.ref,
                                 previous=ref.crosswalk.previous, **where)]
    try:
        entry, before = resolve(wanted, root)
    except ReferentielNotFoundError:
        entries = [e for e in list_entries(root) if e.id == ref.id]
        present = next((e for e in entries if e.ref == wanted), None)
        if present is not None:  # there, but it does not load: check it first
            errors = [i for i in load_entry(present).issues if i.severity is Severity.ERROR]
            return None, [make_issue(Code.VER_PREVIOUS_INVALID, ref=wanted,
                                     count=len(errors) or 1, **where)]
        known = ", ".join(e.ref for e in entries) or "aucune"
        return None, [make_issue(Code.VER_PREVIOUS_UNKNOWN, ref=wanted, known=known, **where)]
    if entry.version != ref.crosswalk.previous:
        known = ", ".join(e.ref for e in list_entries(root) if e.id == ref.id) or "aucune"
        return None, [make_issue(Code.VER_PREVIOUS_UNKNOWN, ref=wanted, known=known, **where)]
    return before, []


def check_crosswalk(after: Referentiel, before: Referentiel, locate: Locate) -> list[Issue]:
    """Every problem of ``after``'s crosswalk from ``before``."""
    crosswalk = after.crosswalk
    assert crosswalk is not None
    issues: list[Issue] = []
    old_nodes, new_nodes = nodes_of(before), nodes_of(after)
    sections: tuple[tuple[str, tuple[CrosswalkEntry, ...], Mapping[str, object],
                          Mapping[str, object], str], ...] = (
        ("nodes", crosswalk.nodes, old_nodes, new_nodes, "un nœud"),
        ("questions", crosswalk.questions, before.questions(), after.questions(),
         "une question"))
    for section, entries, olds, news, what in sections:
        issues += _section(section, entries, olds, news, what, before, after, locate)
    return issues


def _section(section: str, entries: tuple[CrosswalkEntry, ...], olds: Mapping[str, object],
             news: Mapping[str, object], what: str, before: Referentiel, after: Referentiel,
             locate: Locate) -> list[Issue]:
    claims = _Claims(section, what, before, after, locate)
    for index, entry in enumerate(entries):
        loc = (*_BASE, section, index)
        rule, fits = _SHAPES[entry.change]
        if not fits(entry):
            claims.add(Code.VER_SHAPE, loc, change=entry.change.value, rule=rule,
                       old=", ".join(entry.old) or "(rien)",
                       new=", ".join(entry.new) or "(rien)")
            continue
        claims.issues += _fields(section, entry, loc, what, locate)
        known = claims.old(entry, index, olds) & claims.new(entry, index, news)
        if known and entry.change not in (ChangeKind.NEW, ChangeKind.DROPPED):
            claims.content(entry, loc)
    claims.unclassified(olds, news)
    return claims.issues


class _Claims:
    """Which line classifies each element of one section, and what is wrong."""

    def __init__(self, section: str, what: str, before: Referentiel, after: Referentiel,
                 locate: Locate) -> None:
        self.section, self.what, self.locate = section, what, locate
        self.before, self.after = before, after
        self.issues: list[Issue] = []
        self.olds: dict[str, tuple[int, ChangeKind]] = {}
        self.news: dict[str, int] = {}
        self.parts: dict[str, int] = {}  # split: old id -> its parts, over all its lines

    def add(self, code: Code, loc: Loc, **fields: Any) -> None:
        self.issues.append(make_issue(code, **self.locate(loc), **fields))

    def _other(self, index: int) -> str:
        return format_path((*_BASE, self.section, index))

    def old(self, entry: CrosswalkEntry, index: int, olds: Mapping[str, object]) -> bool:
        loc = (*_BASE, self.section, index, "old")
        known = True
        for old in entry.old:
            claimed = self.olds.get(old)
            if old not in olds:
                self.add(Code.VER_OLD_UNKNOWN, loc, id=old, what=self.what, ref=self.before.ref)
                known = False
            elif claimed is not None and not (entry.change is ChangeKind.SPLIT
                                              and claimed[1] is ChangeKind.SPLIT):
                self.add(Code.VER_TWICE, loc, id=old, other=self._other(claimed[0]))
            else:
                self.olds.setdefault(old, (index, entry.change))
        if entry.change is ChangeKind.SPLIT and known:
            self.parts[entry.old[0]] = self.parts.get(entry.old[0], 0) + len(entry.new)
        return known

    def new(self, entry: CrosswalkEntry, index: int, news: Mapping[str, object]) -> bool:
        loc = (*_BASE, self.section, index, "new" if entry.new else "old")
        known = True
        for new in entry.targets():
            if new not in news:
                self.add(Code.VER_NEW_UNKNOWN, loc, id=new, what=self.what, ref=self.after.ref)
                known = False
            elif new in self.news:
                self.add(Code.VER_TWICE, loc, id=new, other=self._other(self.news[new]))
            else:
                self.news[new] = index
        return known

    def content(self, entry: CrosswalkEntry, loc: Loc) -> None:
        if self.section == "questions":
            found = question_changes(entry, self.before, self.after)
            found += conversion_problems(entry, self.before, self.after)
        else:
            found = node_changes(entry, self.before, self.after)
        for code, field, fields in found:
            self.add(code, (*loc, field), **fields)

    def unclassified(self, olds: Mapping[str, object], news: Mapping[str, object]) -> None:
        for old, count in self.parts.items():
            if count < 2:
                self.add(Code.VER_SHAPE, (*_BASE, self.section, self.olds[old][0]),
                         change="split", old=old, new=str(count),
                         rule="au moins deux parties en « new » (sur une ou plusieurs lignes)")
        where = (*_BASE, self.section)
        article = "la question" if self.section == "questions" else "le nœud"
        for old in olds:
            if old not in self.olds:
                self.add(Code.VER_OLD_UNCLASSIFIED, where, what=article, id=old,
                         ref=self.before.ref)
        for new in news:
            if new not in self.news:
                self.add(Code.VER_NEW_UNCLASSIFIED, where, what=article, id=new)


def _fields(section: str, entry: CrosswalkEntry, loc: Loc, what: str,
            locate: Locate) -> list[Issue]:
    """Conversion fields only where they mean something."""
    given = [name for name, value in (
        ("options", entry.options), ("factor", entry.factor), ("offset", entry.offset),
        ("bands", entry.bands), ("combine", entry.combine)) if value not in (None, {}, ())]
    issues = []
    for name in given:
        if section == "nodes":
            rule = "un nœud n'a pas de réponses à convertir"
        elif entry.change not in _CONVERTING:
            rule = "seuls rescaled, split et merged convertissent des réponses"
        elif name == "combine" and entry.change is not ChangeKind.MERGED:
            rule = "« combine » dit comment fusionner plusieurs questions (merged)"
        elif entry.change is ChangeKind.MERGED and name in ("factor", "offset", "bands"):
            rule = "une fusion combine les réponses (combine), après « options » au besoin"
        else:
            continue
        issues.append(make_issue(Code.VER_MAPPING_HERE, **locate((*loc, name)), field=name,
                                 what=what, change=entry.change.value, rule=rule))
    if section == "questions" and entry.change is ChangeKind.MERGED and entry.combine is None:
        issues.append(make_issue(Code.VER_CONVERSION, **locate((*loc, "combine")),
                                 old=", ".join(entry.old), new=", ".join(entry.new),
                                 detail="une fusion dit comment combiner les réponses : "
                                        "combine: sum, mean, min, max, any, all ou first"))
    return issues

