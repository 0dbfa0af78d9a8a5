"""Where référentiels live and how ``id@version`` names resolve.

Files sit at ``<root>/<id>/<version>.yaml``; golden examples at
``<root>/<id>/examples/<version>/*.json``. ``referentiels.lock`` records the canonical
hash of every published version: a published version never changes. A name joined by
``+`` (``ardes-culture+autodiag-financier``) is a bundle of référentiels asked together
(:mod:`evalsoc.referentiel.bundle`), found part by part.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from evalsoc.catalogue import Code
from evalsoc.errors import BundleRefusedError, ReferentielNotFoundError
from evalsoc.issues import Issue, make_issue
from evalsoc.referentiel.bundle import BundleError, combine, split_ref
from evalsoc.referentiel.fingerprint import canonical_hash, matches
from evalsoc.referentiel.loader import LoadResult, load_file
from evalsoc.referentiel.model import Referentiel, Status
from evalsoc.support.files import atomic_write

__all__ = [
    "BundleEntry",
    "Entry",
    "Listed",
    "ReferentielNotFoundError",
    "default_root",
    "list_entries",
    "listing",
    "lock_issues",
    "parse_ref",
    "resolve",
    "update_lock",
]

LOCK_NAME = "referentiels.lock"


@dataclass(frozen=True)
class Listed:
    """One version as ``evalsoc referentiel list`` shows it."""

    ref: str
    id: str
    version: str
    status: str  # draft, published, or « illisible » when the file does not load
    title: str
    hash: str | None


@dataclass(frozen=True)
class Entry:
    id: str
    version: str
    path: Path

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    @property
    def examples_dir(self) -> Path:
        return self.path.parent / "examples" / self.version


@dataclass(frozen=True)
class BundleEntry(Entry):
    """A bundle's entry: its main part's file, its parts' entries, and the bundle as
    :func:`load_entry` gives it."""

    parts: tuple[Entry, ...] = ()
    loaded: LoadResult | None = field(default=None, compare=False)

    @property
    def ref(self) -> str:
        return "+".join(p.ref for p in self.parts)


def default_root() -> Path:
    """EVALSOC_REFERENTIELS, else the copy inside the wheel, else the source tree's."""
    if env := os.environ.get("EVALSOC_REFERENTIELS"):
        return Path(env)
    package = Path(__file__).resolve().parent.parent
    bundled = package / "_referentiels"
    return bundled if bundled.is_dir() else package.parent / "referentiels"


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def list_entries(root: Path | None = None) -> list[Entry]:
    root = root or default_root()
    entries = [
        Entry(path.parent.name, path.stem, path)
        for path in sorted(root.glob("*/*.yaml"))
        if all(p.isdigit() for p in path.stem.split("."))
    ]
    return sorted(entries, key=lambda e: (e.id, _version_key(e.version)))


def parse_ref(ref: str) -> tuple[str, str | None]:
    ident, _, version = ref.partition("@")
    return ident, version or None


@cache
def _load_cached(path: Path, mtime_ns: int) -> LoadResult:
    return load_file(path)


def load_entry(entry: Entry) -> LoadResult:
    if isinstance(entry, BundleEntry) and entry.loaded is not None:
        return entry.loaded
    return _load_cached(entry.path, entry.path.stat().st_mtime_ns)


def resolve(ref: str, root: Path | None = None) -> tuple[Entry, Referentiel]:
    """``id@version``, or ``id`` for its latest published version (latest draft if none);
    ``a+b`` for the bundle of both (BundleError, a ReferentielNotFoundError, when they
    cannot be asked together)."""
    if "+" in ref:
        return _bundle(tuple(resolve(part, root) for part in split_ref(ref)))
    entries = list_entries(root)
    ident, version = parse_ref(ref)
    candidates = [e for e in entries if e.id == ident and version in (None, e.version)]
    loaded = [(e, load_entry(e).referentiel) for e in candidates]
    usable = [(e, r) for e, r in loaded if r is not None]
    if version is None:
        published = [(e, r) for e, r in usable if r.status is Status.PUBLISHED]
        usable = published or usable
    if not usable:
        known = ", ".join(e.ref for e in entries) or "aucun"
        raise ReferentielNotFoundError(make_issue(Code.REF_NOT_FOUND, ref=ref, known=known))
    return usable[-1]


_BUNDLES: dict[tuple[tuple[Path, int], ...], tuple[Entry, Referentiel]] = {}


def _bundle(found: tuple[tuple[Entry, Referentiel], ...]) -> tuple[Entry, Referentiel]:
    """The same bundle object for the same files: plans and caches keyed by référentiel
    are then worked out once."""
    stamps = tuple(sorted((e.path, e.path.stat().st_mtime_ns) for e, _ in found))
    made = _BUNDLES.get(stamps)
    if made is None:
        made = _BUNDLES[stamps] = _combined(found)
    return made


def _combined(found: tuple[tuple[Entry, Referentiel], ...]) -> tuple[Entry, Referentiel]:
    try:
        bundle = combine([ref for _, ref in found])
    except BundleError as err:
        raise BundleRefusedError(err.issue) from err
    entries = {e.ref: e for e, _ in found}
    parts = tuple(entries[p.ref] for p in bundle.parts)
    loaded = LoadResult(str(parts[0].path), bundle, hash=canonical_hash(bundle))
    return BundleEntry(parts[0].id, parts[0].version, parts[0].path, parts, loaded), bundle
def listing(root: Path | None = None) -> list[Listed]:
    """Every version under ``root``, with its status, title and fingerprint."""
    found = []
    for entry in list_entries(root):
        ref = load_entry(entry).referentiel
        found.append(Listed(entry.ref, entry.id, entry.version,
                            ref.status.value if ref else "illisible", ref.title if ref else "",
                            canonical_hash(ref) if ref else None))
    return found


def read_lock(root: Path) -> dict[str, str]:
    path = root / LOCK_NAME
    return dict(json.loads(path.read_text(encoding="utf-8"))) if path.is_file() else {}


def lock_issues(root: Path | None = None) -> list[Issue]:
    """Published versions whose content no longer matches the hash recorded at publication."""
    root = root or default_root()
    lock = read_lock(root)
    issues = []
    for entry in list_entries(root):
        ref = load_entry(entry).referentiel
        if ref is None or entry.ref not in lock:
            continue
        actual = canonical_hash(ref)
        if actual != lock[entry.ref] and not matches(ref, lock[entry.ref]):
            issues.append(make_issue(Code.REF_LOCK_MISMATCH, file=str(entry.path),
                                     ref=entry.ref, actual=actual[:12],
                                     expected=lock[entry.ref][:12]))
    return issues


def update_lock(root: Path | None = None) -> list[str]:
    """Record the hash of published versions not yet locked; never rewrite an existing one."""
    root = root or default_root()
    lock = read_lock(root)
    added = []
    for entry in list_entries(root):
        ref = load_entry(entry).referentiel
        if ref is not None and ref.status is Status.PUBLISHED and entry.ref not in lock:
            lock[entry.ref] = canonical_hash(ref)
            added.append(entry.ref)
    if added:
        text = json.dumps(dict(sorted(lock.items())), indent=2) + "\n"
        atomic_write(root / LOCK_NAME, text.encode("utf-8"))
    return added
