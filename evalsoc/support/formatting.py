"""Numbers as French readers expect them: decimal comma, narrow no-break space, " %"."""

from __future__ import annotations

from functools import lru_cache

__all__ = ["NNBSP", "fr_number", "fr_percent", "fr_score"]

NNBSP = "\u202f"


@lru_cache(maxsize=8192)
def fr_number(value: float, decimals: int = 1) -> str:
    """1234.5 -> '1 234,5' (narrow no-break space); trailing zeros dropped."""
    text = f"{value:,.{decimals}f}"
    if decimals:
        text = text.rstrip("0").rstrip(".")
    text = text.replace(",", NNBSP).replace(".", ",")
    return "0" if text in ("-0", "") else text


def fr_percent(ratio: float, decimals: int = 0) -> str:
    """0.42 -> '42 %'."""
    return f"{fr_number(ratio * 100, decimals)}{NNBSP}%"


def fr_score(score: float | None) -> str:
    return "—" if score is None else fr_number(score, 1)
