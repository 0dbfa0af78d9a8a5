"""Folding typed text for matching: case, accents, repeated and non-breaking spaces."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["canon"]

_SPACES = re.compile(r"[\s\u00a0\u202f\u2007]+")


@lru_cache(maxsize=8192)
def canon(text: str) -> str:
    """'  Tout à  FAIT d'accord. ' -> "tout a fait d'accord" (cached: answers repeat)."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", bare).strip().casefold().rstrip(".")
