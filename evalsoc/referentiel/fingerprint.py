"""A référentiel's fingerprint: the hash that names one version's authored content.

Questionnaires carry the fingerprint of the référentiel they were generated from, the
lock file (``referentiels.lock``) records it for every published version, campaigns and
scores keep it; reading a workbook compares it with the référentiel's own.

The fingerprint is the sha256 of the référentiel's canonical JSON *without the values
left at their default* (:func:`canonical_hash`): what an author wrote, whatever its
formatting, comments or key order, and whether a default is written out or not. A field
added to the model with a default therefore changes no fingerprint: questionnaires
already sent out stay valid. Changing what an author wrote (a label, a weight, a band)
changes it; so would changing the *default value* of an existing field, for every
référentiel that relies on it (never do that: add a field instead).

Until this rule, evalsoc hashed every field, defaults included (:func:`legacy_hash`).
Those fingerprints are still accepted wherever one is compared (:func:`matches`): in
the workbooks and answer files sent out, the campaigns of a store, the lock files. The
legacy hash is computed over the fields the model had then (:data:`LEGACY_FIELDS`), a
field added since counting only when it is given a value other than its default, so
that it stays the same however the model grows.

A bundle (several référentiels asked together, :mod:`evalsoc.referentiel.bundle`) is
named by its parts' fingerprints: the sha256 of ``evalsoc-bundle:`` followed by each
part's ``id@version=fingerprint``, joined by ``+``. It changes when a part changes, and
not when evalsoc merges the parts' fields differently.

Nothing here reads a file: scoring computes fingerprints without the YAML reader.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from pydantic import BaseModel

from evalsoc.referentiel.model import Referentiel
from evalsoc.support.cache import IdentityCache

__all__ = ["LEGACY_FIELDS", "canonical_hash", "fingerprints", "legacy_hash", "matches"]

# The fields of each model class when fingerprints still hashed every field (evalsoc
# 0.1.0). Never edit: the legacy fingerprints of workbooks already sent out depend on it.
LEGACY_FIELDS: dict[str, frozenset[str]] = {
    "Option": frozenset({"code", "label", "score", "meaning"}),
    "Scale": frozenset({"id", "label", "options"}),
    "Group": frozenset({"id", "label", "description", "multiple", "min_respondents",
                        "typical_respondents"}),
    "Level": frozenset({"code", "label", "min", "color"}),
    "Question": frozenset({"id", "label", "description", "group", "type", "scale",
                           "options", "cap", "required", "allow_non_concerne", "unit",
                           "min", "max", "weight", "tags"}),
    "Band": frozenset({"min", "score"}),
    "Consolidation": frozenset({"method", "top"}),
    "OptionsScoring": frozenset({"method", "consolidation"}),
    "BandsScoring": frozenset({"question", "formula", "consolidation", "method", "polarity",
                               "bands"}),
    "LinearScoring": frozenset({"question", "formula", "consolidation", "method", "low",
                                "high"}),
    "InformationalScoring": frozenset({"method"}),
    "Indicateur": frozenset({"id", "label", "description", "weight", "tags", "na_policy",
                             "min_coverage", "kind", "questions", "scoring"}),
    "Critere": frozenset({"id", "label", "description", "weight", "tags", "na_policy",
                          "min_coverage", "indicateurs", "pistes_action"}),
    "Dimension": frozenset({"id", "label", "description", "weight", "tags", "na_policy",
                            "min_coverage", "criteres"}),
    "Referentiel": frozenset({"schema_version", "id", "version", "title", "status",
                              "description", "sources", "changelog", "groups", "scales",
                              "levels", "na_policy", "min_coverage", "pistes_threshold",
                              "overall_score", "dimensions"}),
}


def _digest(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical_hash(referentiel: Referentiel) -> str:
    """The fingerprint: sha256 of the canonical JSON of the authored content (every
    value that differs from its default); a bundle's, of its parts' fingerprints."""
    if referentiel.parts:
        named = "+".join(f"{p.ref}={canonical_hash(p)}" for p in referentiel.parts)
        return hashlib.sha256(f"evalsoc-bundle:{named}".encode()).hexdigest()
    return _digest(referentiel.model_dump(mode="json", exclude_defaults=True))


def legacy_hash(referentiel: Referentiel) -> str | None:
    """The fingerprint evalsoc 0.1.0 gave this content (every field of that time,
    defaults included), or None when the content uses something added since."""
    data = referentiel.model_dump(mode="json")
    return _digest(data) if _as_legacy(referentiel, data) else None


def _as_legacy(model: BaseModel, data: dict[str, Any]) -> bool:
    """Remove from ``data`` (the dump of ``model``) the fields added since 0.1.0; False
    when one of them holds a value of its own, or the class is new."""
    known = LEGACY_FIELDS.get(type(model).__name__)
    if known is None:
        return False
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if name not in known:
            if value != info.get_default(call_default_factory=True):
                return False
            del data[name]
        elif not _walk(value, data[name]):
            return False
    return True


def _walk(value: Any, data: Any) -> bool:
    if isinstance(value, BaseModel):
        return _as_legacy(value, data)
    if isinstance(value, tuple):
        return all(_walk(v, d) for v, d in zip(value, data, strict=True))
    return True


def _both(referentiel: Referentiel) -> frozenset[str]:
    legacy = legacy_hash(referentiel)
    return frozenset({canonical_hash(referentiel), *([legacy] if legacy else [])})


_FINGERPRINTS: IdentityCache[Referentiel, frozenset[str]] = IdentityCache(64)


def fingerprints(referentiel: Referentiel) -> frozenset[str]:
    """Every fingerprint that names this content: today's and the legacy one."""
    return _FINGERPRINTS.get(referentiel, _both)


def matches(referentiel: Referentiel, claimed: str) -> bool:
    """Whether a fingerprint found in a workbook, an answer set, a lock or a campaign
    names this référentiel's content."""
    return claimed in fingerprints(referentiel)
