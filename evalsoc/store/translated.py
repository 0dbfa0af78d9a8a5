"""Stored answers read under another version of their référentiel.

Answers are stored as they were given, under the version of the workbook that gave
them (``submissions.referentiel``). Whatever scores them under a later version (a
campaign migrated by ``evalsoc migrate``, a late workbook of the previous version, its
fiche, its explanation) reads them through the crosswalks
(:mod:`evalsoc.versions.translate`): the same answers, the same conversions, everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from evalsoc.answers.model import Answer, AnswerSet, Comment
from evalsoc.catalogue import Code
from evalsoc.issues import make_issue
from evalsoc.referentiel.fingerprint import matches
from evalsoc.referentiel.model import Referentiel
from evalsoc.referentiel.registry import ReferentielNotFoundError, load_entry, resolve
from evalsoc.versions.chain import VersionError, chain
from evalsoc.versions.mapping import Step
from evalsoc.versions.series import SeriesFlag, series_flags
from evalsoc.versions.translate import Translation, translate

__all__ = ["Chains", "native", "stored_referentiel", "under", "version_flags"]


class Chains:
    """The steps from stored versions to a target, and their series flags, found once
    for a whole run (a migration reads hundreds of submissions of the same versions)."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root
        self._steps: dict[tuple[str, str, str], tuple[Step, ...]] = {}
        self._flags: dict[tuple[str, str, str], dict[str, SeriesFlag]] = {}

    def steps(self, name: str, expected: str, target: Referentiel) -> tuple[Step, ...]:
        key = (name, expected, target.ref)
        if key not in self._steps:
            self._steps[key] = tuple(chain(stored_referentiel(name, expected, self.root),
                                           target, self.root))
        return self._steps[key]

    def flags(self, name: str, expected: str, target: Referentiel) -> dict[str, SeriesFlag]:
        key = (name, expected, target.ref)
        if key not in self._flags:
            self._flags[key] = series_flags(self.steps(name, expected, target))
        return self._flags[key]


def native(target: Referentiel, name: str | None) -> bool:
    """Whether answers stored under ``name`` are answers of ``target`` itself (a
    changed file under the same name is refused where the campaign is read). Référentiels
    asked together (``a@1.0.0+b@1.0.0``, :mod:`evalsoc.referentiel.bundle`) are native to
    each other when every référentiel they share is at the same version."""
    if name is None or name == target.ref:
        return True
    given, wanted = _versions(name), _versions(target.ref)
    shared = given.keys() & wanted.keys()
    return bool(shared) and all(given[i] == wanted[i] for i in shared)


def _versions(name: str) -> dict[str, str]:
    """``a@1.0.0+b@2.0.0`` -> {a: 1.0.0, b: 2.0.0}."""
    return dict(part.partition("@")[::2] for part in name.split("+"))


def stored_referentiel(name: str, expected: str, root: Path | None = None) -> Referentiel:
    """The version stored answers were given under, checked by its fingerprint; a
    VersionError (VER025) when it is missing or changed since."""
    try:
        entry, ref = resolve(name, root)
    except ReferentielNotFoundError as err:
        raise VersionError(make_issue(Code.VER_STORED_VERSION, ref=name,
                                      expected=expected[:12],
                                      detail="introuvable ici")) from err
    actual = load_entry(entry).hash or ""
    if entry.ref != name or (expected and actual != expected and not matches(ref, expected)):
        raise VersionError(make_issue(Code.VER_STORED_VERSION, ref=name,
                                      expected=expected[:12],
                                      detail=f"ce fichier a ici l'empreinte {actual[:12]}"))
    return ref


def under(target: Referentiel, parts: Sequence[tuple[str, str, AnswerSet]],
          root: Path | None = None, chains: Chains | None = None
          ) -> tuple[AnswerSet, list[Translation]]:
    """One answer set of ``target`` from parts stored under various versions (a
    structure's workbook and its individual forms: (version, fingerprint, answers))."""
    chains = chains or Chains(root)
    answers: list[Answer] = []
    comments: list[Comment] = []
    reports: list[Translation] = []
    for name, expected, given in parts:
        read = given
        if not native(target, name):
            read, report = translate(given, chains.steps(name, expected, target))
            reports.append(report)
        answers += read.answers
        comments += read.comments
    head = parts[0][2]
    return head.model_copy(update={"referentiel": target.ref, "answers": tuple(answers),
                                   "comments": tuple(comments)}), reports


def version_flags(target: Referentiel, versions: Sequence[tuple[str, str]],
                  root: Path | None = None, chains: Chains | None = None
                  ) -> dict[str, SeriesFlag]:
    """The series flag of each node of ``target`` for a submission whose parts were
    given under ``versions``: the worst over them; {} when all are ``target`` itself."""
    chains = chains or Chains(root)
    found: dict[str, SeriesFlag] = {}
    for name, expected in dict.fromkeys(versions):
        if native(target, name):
            continue
        for node, flag in chains.flags(name, expected, target).items():
            if node not in found or flag.flag.rank > found[node].flag.rank:
                found[node] = flag
    return found
