"""A référentiel's fingerprint: the hash that names one published version's content.

Questionnaires carry the fingerprint of the référentiel they were generated from, the
lock file (``referentiels.lock``) records it for every published version, and scores
keep it; reading a workbook compares it with the référentiel's own. Nothing here reads a
file: scoring computes it without loading the YAML reader.
"""

from __future__ import annotations

import hashlib
import json

from evalsoc.referentiel.model import Referentiel

__all__ = ["canonical_hash"]


def canonical_hash(referentiel: Referentiel) -> str:
    """sha256 of the canonical JSON form: formatting and comments do not change it."""
    data = referentiel.model_dump(mode="json")
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
