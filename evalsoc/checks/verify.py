"""``referentiel check``: schema, whole-tree rules, publication lock and golden examples."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from evalsoc.authoring.load import is_workbook, load_authoring, located
from evalsoc.catalogue import Code
from evalsoc.checks.golden import check_examples
from evalsoc.issues import Issue, Severity, make_issue
from evalsoc.referentiel.check import check_tree
from evalsoc.referentiel.fingerprint import canonical_hash, matches
from evalsoc.referentiel.loader import load_file
from evalsoc.referentiel.model import Referentiel
from evalsoc.referentiel.registry import (
    Entry,
    ReferentielNotFoundError,
    default_root,
    list_entries,
    lock_issues,
    read_lock,
    resolve,
)
from evalsoc.versions.check import crosswalk_issues

__all__ = ["CheckReport", "check_referentiel", "locate"]


@dataclass(frozen=True)
class CheckReport:
    target: str
    file: str
    referentiel: Referentiel | None
    hash: str | None
    examples: int
    issues: tuple[Issue, ...]

    @property
    def valid(self) -> bool:
        return not any(i.severity.value == "erreur" for i in self.issues)

    def as_json(self) -> dict[str, object]:
        """What ``evalsoc referentiel check --json`` prints (the référentiel itself is
        what ``referentiel show --json`` prints)."""
        return {"target": self.target, "file": self.file, "valid": self.valid,
                "hash": self.hash, "examples": self.examples,
                "issues": [i.model_dump(mode="json") for i in self.issues]}


def locate(target: str, root: Path | None = None) -> Path:
    """A path to a YAML file, or the file of ``id[@version]`` in the registry."""
    path = Path(target)
    if path.is_file():
        return path
    if path.suffix in (".yaml", ".yml") or is_workbook(path):
        known = ", ".join(e.ref for e in list_entries(root)) or "aucun"
        raise ReferentielNotFoundError(make_issue(Code.REF_NOT_FOUND, ref=target, known=known))
    entry, _ = resolve(target, root)
    return entry.path


def check_referentiel(target: str, root: Path | None = None) -> CheckReport:
    """Every problem of a référentiel at once. Raises ReferentielNotFoundError if unknown."""
    path = locate(target, root)
    if is_workbook(path):
        return _check_workbook(target, path, root)
    loaded = load_file(path)
    issues = check_tree(loaded)
    issues += crosswalk_issues(loaded, root)
    ref = loaded.referentiel
    examples = 0
    if ref is not None:
        if not any(i.severity is Severity.ERROR for i in issues):  # warnings do not stop it
            entry = Entry(ref.id, ref.version, path)
            examples, found = check_examples(ref, entry.examples_dir)
            issues.extend(found)
        lock_root = root or default_root()
        issues.extend(i for i in lock_issues(lock_root)
                      if i.file and Path(i.file).resolve() == path.resolve())
    digest = canonical_hash(ref) if ref is not None else None
    return CheckReport(target, str(path), ref, digest, examples, tuple(issues))


def _check_workbook(target: str, path: Path, root: Path | None) -> CheckReport:
    """An authoring workbook (``referentiel import-xlsx``) checked as its YAML would be,
    every problem at its sheet and cell; a published version it would change is refused
    (its examples are those of the version in the registry, when they exist)."""
    loaded, doc = load_authoring(path)
    ref = loaded.referentiel
    warnings = list(loaded.issues) if ref is not None else []  # check_tree gives them if None
    issues = located(doc, [*warnings, *check_tree(loaded), *crosswalk_issues(loaded, root)])
    examples = 0
    digest = canonical_hash(ref) if ref is not None else None
    if ref is not None:
        lock_root = root or default_root()
        expected = read_lock(lock_root).get(ref.ref)
        if expected is not None and digest != expected and not matches(ref, expected):
            issues.append(make_issue(Code.REF_LOCK_MISMATCH, file=str(path), ref=ref.ref,
                                     actual=(digest or "")[:12], expected=expected[:12]))
        if not any(i.severity.value == "erreur" for i in issues):
            try:
                entry, _ = resolve(ref.ref, root)
            except ReferentielNotFoundError:
                entry = None
            if entry is not None and entry.version == ref.version:
                examples, found = check_examples(ref, entry.examples_dir)
                issues.extend(found)
    return CheckReport(target, str(path), ref, digest, examples, tuple(issues))
