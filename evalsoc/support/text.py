"""Folding typed text for matching: case, accents, repeated and non-breaking spaces; and
what counts as nothing typed at all."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["BLANKS", "canon", "is_blank"]

_SPACES = re.compile(r"[\s\u00a0\u202f\u2007]+")

# Every character Python counts as white space (str.isspace), and the invisible ones a
# paste brings along (zero-width spaces and joiners, the word joiner, the byte-order
# mark): a cell holding only these holds nothing a person can read, so it is empty.
BLANKS = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
          "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
          "\u180e\u200b\u200c\u200d\u2060\ufeff")


def is_blank(text: str) -> bool:
    """Nothing but white space or invisible characters (or nothing at all)."""
    return not text.strip(BLANKS)


@lru_cache(maxsize=8192)
def canon(text: str) -> str:
    """'  Tout à  FAIT d'accord. ' -> "tout a fait d'accord" (cached: answers repeat)."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", bare).strip(BLANKS).casefold().rstrip(".")
