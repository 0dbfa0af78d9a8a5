"""The crosswalks that lead from one version to a later one, checked and compiled.

Exceptions::

    UsageError (evalsoc.errors)
     └── VersionError   no crosswalk leads there, or one of them is invalid (VER020, VER024)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from evalsoc.catalogue import Code
from evalsoc.errors import VersionError
from evalsoc.issues import Loc, format_path, make_issue
from evalsoc.referentiel.model import Referentiel
from evalsoc.referentiel.registry import ReferentielNotFoundError, resolve
from evalsoc.support.cache import IdentityCache
from evalsoc.versions.check import check_crosswalk, version_key
from evalsoc.versions.mapping import Step, compile_step

__all__ = ["VersionError", "chain", "later"]



def later(old: Referentiel, new: Referentiel) -> bool:
    """Whether ``new`` is a later version of the same référentiel as ``old``."""
    return old.id == new.id and version_key(new.version) > version_key(old.version)


def _no_path(old: Referentiel, new: Referentiel, detail: str) -> VersionError:
    return VersionError(make_issue(Code.VER_NO_PATH, old=old.ref, new=new.ref, detail=detail))


def _where(loc: Loc) -> dict[str, Any]:
    return {"path": format_path(loc)}


_CHECKED: IdentityCache[Referentiel, int] = IdentityCache(32)


def _errors(after: Referentiel, before: Referentiel) -> int:
    return _CHECKED.get(after, lambda a: sum(
        i.severity.value == "erreur" for i in check_crosswalk(a, before, _where)),
        extra=id(before))


def chain(old: Referentiel, new: Referentiel, root: Path | None = None) -> tuple[Step, ...]:
    """The compiled steps from ``old`` to ``new`` (none when they are the same version);
    VersionError when no valid crosswalk leads there. The last step starts from ``old``
    itself: the caller vouches for its content (its fingerprint)."""
    if old.id != new.id:
        raise _no_path(old, new, f"ce ne sont pas deux versions de « {new.id} »")
    steps: list[Step] = []
    current = new
    while version_key(current.version) > version_key(old.version):
        crosswalk = current.crosswalk
        if crosswalk is None:
            raise _no_path(old, new, f"{current.ref} ne déclare pas de version précédente")
        if crosswalk.previous == old.version:
            before = old
        elif version_key(crosswalk.previous) < version_key(old.version):
            raise _no_path(old, new, f"{current.ref} part de la version {crosswalk.previous}, "
                                     f"antérieure à {old.version}")
        else:
            try:
                _, before = resolve(f"{new.id}@{crosswalk.previous}", root)
            except ReferentielNotFoundError as err:
                raise _no_path(old, new, f"la version {crosswalk.previous} est "
                                         "introuvable") from err
            if before.version != crosswalk.previous:
                raise _no_path(old, new, f"la version {crosswalk.previous} est introuvable")
        if version_key(before.version) >= version_key(current.version):
            raise _no_path(old, new, f"{current.ref} ne part pas d'une version antérieure")
        if count := _errors(current, before):
            raise VersionError(make_issue(Code.VER_CROSSWALK_INVALID, ref=current.ref,
                                          count=count))
        steps.insert(0, compile_step(before, current))
        current = before
    if current.version != old.version:
        raise _no_path(old, new, "on ne revient pas à une version antérieure")
    return tuple(steps)
