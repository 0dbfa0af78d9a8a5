"""Numbers as French readers expect them: decimal comma, narrow no-break space, " %".

One rounding rule everywhere a number is written for a reader: the number as it is
written in decimal (its shortest representation: 62.5, 0.285) is rounded half away
from zero, so that 62.5 gives 63 and 63.5 gives 64 (Python's own formatting rounds the
binary value half to even, which rounds halves both ways). Reports print scores as whole
numbers (:func:`whole_score`): the level carries the message, and a score never shows a
level's threshold it does not reach (74.6 reads 74 under a level starting at 75).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

__all__ = ["NNBSP", "fr_number", "fr_percent", "fr_score", "half_up", "whole_score"]

NNBSP = "\u202f"


def half_up(value: float, decimals: int = 0) -> float:
    """``value`` rounded half away from zero at ``decimals``, on its decimal writing."""
    if not math.isfinite(value) or abs(value) >= 1e15:
        return value  # no decimals to round at this size (and past Decimal's precision)
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP))


@lru_cache(maxsize=8192)
def fr_number(value: float, decimals: int = 1) -> str:
    """1234.5 -> '1 234,5' (narrow no-break space); trailing zeros dropped; halves
    rounded away from zero (see the module docstring)."""
    text = f"{half_up(value, decimals):,.{decimals}f}"
    if decimals:
        text = text.rstrip("0").rstrip(".")
    text = text.replace(",", NNBSP).replace(".", ",")
    return "0" if text in ("-0", "") else text


def fr_percent(ratio: float, decimals: int = 0) -> str:
    """0.42 -> '42 %'."""
    return f"{fr_number(ratio * 100, decimals)}{NNBSP}%"


def fr_score(score: float | None) -> str:
    return "—" if score is None else fr_number(score, 1)


def whole_score(score: float, thresholds: Sequence[float] = ()) -> float:
    """A 0-100 score as reports print it: a whole number, halves up, but never one that
    reaches a level threshold (in ``thresholds``) the score itself does not reach."""
    shown = half_up(score)
    for edge in thresholds:
        if score < edge <= shown:
            return float(math.ceil(edge) - 1)
    return shown
