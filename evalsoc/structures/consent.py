"""Consent to publication, as the questionnaire promises it.

- « nominative »: a named row in exports, and in every sector figure;
- « anonyme »: in sector figures only, never a row of its own, named or not;
- « aucune »: the results serve the structure's own fiche only, and enter no sector
  figure; sector outputs say how many structures are left out for that reason.

A structure's consent comes from the registry (the consultant's list, ``--structures``)
and from its own workbook (« Identification »). When both speak and disagree, the
stricter one wins and a warning says so; when neither speaks, no consent was given:
« aucune ». Consent is decided per campaign: a structure that refused in 2025 stays out
of every figure about 2025, whatever it says in 2026.
"""

from __future__ import annotations

import math

from evalsoc.excel.layout import CONSENTS
from evalsoc.support.text import canon

__all__ = ["ANONYMOUS", "CONSENTS", "NAMED", "NONE", "effective", "normalised", "stricter"]

NAMED, ANONYMOUS, NONE = CONSENTS  # from the most open to the strictest
_RANK = {c: i for i, c in enumerate(CONSENTS)}


def normalised(raw: object) -> str | None:
    """« Nominative », « anonyme » or « aucune » as typed (any case or accents), None for
    an empty answer, and « aucune » for anything else: unreadable consent is no consent."""
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        return None
    text = canon(str(raw))
    if not text:
        return None
    return next((c for c in CONSENTS if canon(c) == text), NONE)


def stricter(*consents: str | None) -> str | None:
    """The strictest consent given, None when none is."""
    given = [c for c in consents if c is not None]
    return max(given, key=_RANK.__getitem__) if given else None


def effective(registry: str | None, workbook: str | None) -> tuple[str, bool]:
    """The consent that applies and whether the two sources disagree."""
    decided = stricter(registry, workbook) or NONE
    return decided, registry is not None and workbook is not None and registry != workbook
